/** The application's name and version, as package.json has them (a unit test keeps them equal). */
export const APP_NAME = 'ticket-tray';
export const APP_VERSION = '0.1.0';
