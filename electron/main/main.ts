/**
 * The Electron main process: lifecycle, and the effects only Electron can have. The services
 * (`createAppServices`) and their wiring (`connectApp`) are Electron-free and shared with the
 * end-to-end bridge; this file hands them notifications, the tray, the window, IPC and the shell.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Notification, app, nativeTheme, net, powerMonitor, shell } from 'electron';
import { isCliCommand } from '../cli/command-names.js';
import { connectApp, type AppEffects, type ConnectedApp, type DesktopSignals } from './app/connect.js';
import type { Controller } from './app/controller.js';
import { createAppServices, type AppServices } from './app/services.js';
import type { HandlerTable } from './ipc/handlers.js';
import { registerIpc, senderCheck } from './ipc/ipc-main.js';
import { AUTOSTART_FLAG, autostartCommand, autostartPath, setAutostart } from './settings/autostart.js';
import { notificationText } from './tickets/notifications.js';
import { hasStatusNotifierHost } from './tray/host.js';
import { createTray, type TrayHandle } from './tray/tray.js';
import { preloadPath, type AppView } from './window/options.js';
import { createAppWindow, secureSession, type AppPage, type AppWindow } from './window/window.js';

const mainDir = dirname(fileURLToPath(import.meta.url));

/** What a running app holds; the smoke test inspects it. */
export interface RunningApp {
  readonly services: AppServices;
  readonly handlers: HandlerTable;
  readonly controller: Controller;
  readonly window: AppWindow;
  readonly tray: TrayHandle | null;
}

/** Notifications are kept referenced until closed, or their click handler can be collected first. */
const shown = new Set<Notification>();
function showNotice(notice: { title: string; body: string }, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification(notificationText(notice));
  shown.add(n);
  n.on('click', onClick);
  n.on('close', () => shown.delete(n));
  n.show();
}

/** The built renderer, or electron-vite's development server when it runs one. */
function appPage(): AppPage {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  return !app.isPackaged && dev ? { url: dev } : { file: join(mainDir, '..', 'renderer', 'index.html') };
}

/** Packaged tray icons (`extraResources` → `icons/tray/`), else a checkout's `build/icons/tray/`. */
const iconDirs = () => [
  ...(process.resourcesPath ? [join(process.resourcesPath, 'icons', 'tray')] : []),
  join(app.getAppPath(), 'build', 'icons', 'tray'),
];

async function start(): Promise<RunningApp | null> {
  // Two tray processes would race on the same credential caches (checklist item 18).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();
  const page = appPage();
  secureSession(undefined, 'file' in page);
  const services = await createAppServices(process.env);
  const refs: { window?: AppWindow; tray?: TrayHandle | null } = {};
  const connected = connectApp(services, electronEffects(refs));
  const { tray, hasTray } = await setupTray(services, connected);
  const notice = !hasTray ? 'no-tray' : services.settings.firstRun ? 'first-run' : null;
  const onVisibility = (shown: boolean) => connected.desktop.windowVisibility(shown);
  const window = createAppWindow({ preload: preloadPath(mainDir), page, hasTray, notice, onVisibility });
  Object.assign(refs, { tray, window });
  const unregister = registerIpc(connected.handlers, senderCheck(window));
  await connected.start();
  wireLifecycle({ connected, window, unregister, tray, hasTray });
  // Started by the session (autostart): quietly in the tray, unless the window has something to say.
  if (notice !== null || !process.argv.includes(AUTOSTART_FLAG)) window.show(null);
  const { controller, handlers } = connected;
  return { services, handlers, controller, window, tray };
}

/** The effects of the app's wiring, on Electron; the tray and window exist once `refs` holds them. */
function electronEffects(refs: { window?: AppWindow; tray?: TrayHandle | null }): AppEffects {
  const showWindow = (view: AppView | null) => refs.window?.show(view);
  return {
    showNotice: (notice) => showNotice(notice, () => showWindow(null)),
    renderTray: (model) => refs.tray?.render(model),
    showWindow,
    send: (channel, payload) => refs.window?.send(channel, payload),
    openExternal: (url) => shell.openExternal(url),
    setAutostart: syncAutostart,
    quit: () => app.quit(),
  };
}

/** The tray the controller draws; without a tray host the window is a normal one that says so. */
async function setupTray(services: AppServices, { controller, desktop }: ConnectedApp) {
  const { settings } = services;
  const trayHost = await hasStatusNotifierHost(process.env);
  const look = () => ({ style: settings.current().trayIcons, darkPanel: nativeTheme.shouldUseDarkColors });
  const tray = createTray(
    controller.model(),
    (action) => void controller.act(action).catch(() => undefined),
    iconDirs(),
    look,
    () => desktop.wake('tray-opened'),
  );
  // A theme switch or the icon setting changes only the image: draw the same model again.
  nativeTheme.on('updated', () => tray?.render(controller.model()));
  settings.subscribe(() => tray?.render(controller.model()));
  return { tray, hasTray: tray !== null && trayHost !== false };
}

/** Writes or removes the XDG autostart entry; a failure is logged, the setting stays as chosen. */
function syncAutostart(enabled: boolean): void {
  const argv = autostartCommand({
    execPath: process.execPath,
    appImage: process.env['APPIMAGE'],
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
  });
  void setAutostart(enabled, autostartPath(process.env), argv).then(
    (r) => r.ok || console.warn(`autostart: ${r.error}`),
  );
}

interface Parts {
  readonly connected: ConnectedApp;
  readonly window: AppWindow;
  readonly unregister: () => void;
  readonly tray: TrayHandle | null;
  readonly hasTray: boolean;
}

/** How often the screen lock and the network are asked for where no event says so. */
const DESKTOP_STATE_MS = 15_000;

/**
 * Tells the poll policy about the screen lock and the network. Electron reports a lock only on
 * macOS and Windows, and a network change nowhere, so both are also asked for every so often: an
 * in-process question, far cheaper than the klist run it can spare.
 */
function watchDesktopState(desktop: DesktopSignals): () => void {
  powerMonitor.on('lock-screen', () => desktop.screenLock(true));
  powerMonitor.on('unlock-screen', () => desktop.screenLock(false));
  let online = net.isOnline();
  const timer = setInterval(() => {
    desktop.screenLock(powerMonitor.getSystemIdleState(60) === 'locked');
    if (net.isOnline() === online) return;
    online = !online;
    desktop.wake('network-changed');
  }, DESKTOP_STATE_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Sleep, a second launch and quitting. */
function wireLifecycle({ connected, window, unregister, tray, hasTray }: Parts): void {
  const stopDesktopState = watchDesktopState(connected.desktop);
  // Timers stand still while the machine sleeps: look again as soon as it wakes.
  powerMonitor.on('resume', () => {
    connected.desktop.wake('resume');
    connected.controller.tick();
  });
  app.on('second-instance', () => window.show(null));
  // With a tray the app lives on without windows; without one, closing the window quits.
  app.on('window-all-closed', () => {
    if (!hasTray) app.quit();
  });
  app.on('before-quit', () => {
    window.allowClose();
    stopDesktopState();
    connected.stop();
    unregister();
    tray?.destroy();
  });
}

/**
 * `ticket-tray <command>` from an installed package: the packages install the desktop binary as
 * `ticket-tray`, so a CLI command in its arguments runs the command line and exits instead of
 * opening the tray. The CLI is loaded only then.
 */
async function runCommandLine(args: readonly string[]): Promise<null> {
  const { runCli } = await import('../cli/main.js');
  app.exit(await runCli(args));
  return null;
}

const args = process.argv.slice(app.isPackaged ? 1 : 2);

/** Resolves to the running app (null when another instance already runs, or for a CLI command). */
export const started: Promise<RunningApp | null> = (isCliCommand(args[0]) ? runCommandLine(args) : start()).catch(
  (error: unknown) => {
    console.error(`Ticket Tray could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.quit();
    return null;
  },
);
