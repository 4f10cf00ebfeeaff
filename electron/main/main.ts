/**
 * The Electron main process: lifecycle and wiring only (Fiddle's `onReady` → `setupX()` style).
 * Services, decisions and texts live in modules without Electron (`services.ts`, `controller.ts`,
 * `handlers.ts`, …); this file connects them to the tray, the window, notifications and IPC.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Notification, app, nativeTheme, powerMonitor, shell } from 'electron';
import { PUSH_CHANNELS } from '../../shared/contract.js';
import { describeKrbFailure } from '../../shared/krb-messages.js';
import { isCliCommand } from '../cli/command-names.js';
import { watchCollection, type CollectionWatch } from '../services/kerberos/watch.js';
import { createController, type Controller } from './app/controller.js';
import { createAppServices, type AppServices } from './app/services.js';
import { onceEachState } from './app/status-feed.js';
import { createHandlers, type HandlerTable } from './ipc/handlers.js';
import { registerIpc, senderCheck } from './ipc/ipc-main.js';
import { MESSAGES } from './messages.js';
import { AUTOSTART_FLAG, autostartCommand, autostartPath, setAutostart } from './settings/autostart.js';
import { notificationText } from './tickets/notifications.js';
import { hasStatusNotifierHost } from './tray/host.js';
import { createTray, type TrayHandle } from './tray/tray.js';
import { preloadPath } from './window/options.js';
import { createAppWindow, secureSession, type AppPage, type AppWindow } from './window/window.js';

const mainDir = dirname(fileURLToPath(import.meta.url));

/** What a running app holds; the smoke test inspects it. */
export interface RunningApp {
  readonly services: AppServices;
  readonly handlers: HandlerTable;
  readonly controller: Controller;
  readonly window: AppWindow;
  readonly tray: TrayHandle | null;
  readonly watch: CollectionWatch;
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
  const { controller, window, tray, hasTray, notice } = await setupTrayAndWindow(services, page);
  const { handlers, unregister, watch } = await setupIpcAndWatch(services, controller, window);
  for (const problem of [...services.settings.problems(), ...(services.coprProblem ? [services.coprProblem] : [])]) {
    showNotice({ title: MESSAGES.notify.problemTitle, body: problem }, () => window.show(null));
  }
  wireLifecycle({ controller, window, watch, unregister, tray, hasTray, services });
  // Started by the session (autostart): quietly in the tray, unless the window has something to say.
  if (notice !== null || !process.argv.includes(AUTOSTART_FLAG)) window.show(null);
  return { services, handlers, controller, window, tray, watch };
}

/** The controller, the tray it draws, and the window; without a tray host the window is a normal one that says so. */
async function setupTrayAndWindow(services: AppServices, page: AppPage) {
  const { krb, copr, settings, activity } = services;
  const refs: { window?: AppWindow; tray?: TrayHandle | null } = {};
  const show = (view: Parameters<AppWindow['show']>[0]) => refs.window?.show(view);
  const controller = createController({
    krb,
    copr,
    settings,
    activity,
    systemRenews: services.systemRenews,
    now: Date.now,
    showNotice: (n) => showNotice(n, () => show(null)),
    renderTray: (model) => refs.tray?.render(model),
    showWindow: show,
    quit: () => app.quit(),
  });
  const trayHost = await hasStatusNotifierHost(process.env);
  const look = () => ({ style: settings.current().trayIcons, darkPanel: nativeTheme.shouldUseDarkColors });
  const tray = createTray(
    controller.model(),
    (action) => void controller.act(action).catch(() => undefined),
    iconDirs(),
    look,
  );
  // A theme switch or the icon setting changes only the image: draw the same model again.
  nativeTheme.on('updated', () => tray?.render(controller.model()));
  settings.subscribe(() => tray?.render(controller.model()));
  const hasTray = tray !== null && trayHost !== false;
  const notice = !hasTray ? 'no-tray' : settings.firstRun ? 'first-run' : null;
  const window = createAppWindow({ preload: preloadPath(mainDir), page, hasTray, notice });
  Object.assign(refs, { tray, window });
  return { controller, window, tray, hasTray, notice };
}

/** The contract on ipcMain, push events to the window, and the collection watch feeding both. */
async function setupIpcAndWatch(services: AppServices, controller: Controller, window: AppWindow) {
  const { krb, copr, doctor, settings, activity } = services;
  const onStatus = onceEachState((status) => {
    controller.statusChanged(status);
    window.send(PUSH_CHANNELS.onStatusChanged, status);
  });
  const handlers = createHandlers({
    krb,
    copr,
    doctor,
    settings,
    activity,
    openExternal: (url) => shell.openExternal(url),
    events: {
      statusChanged: onStatus,
      loginFinished: services.noteLogin,
      coprChecked: controller.coprChecked,
      doctorRan: controller.doctorRan,
    },
  });
  const unregister = registerIpc(handlers, senderCheck(window));
  activity.subscribe((event) => window.send(PUSH_CHANNELS.onActivity, event));
  const watch = await watchCollection(krb, onStatus);
  const first = await krb.status();
  if (first.ok) onStatus(first.value);
  else
    showNotice({ title: MESSAGES.notify.actionFailedTitle, body: describeKrbFailure(first.error) }, () =>
      window.show(null),
    );
  return { handlers, unregister, watch };
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
  readonly controller: Controller;
  readonly window: AppWindow;
  readonly watch: CollectionWatch;
  readonly unregister: () => void;
  readonly tray: TrayHandle | null;
  readonly hasTray: boolean;
  readonly services: AppServices;
}

/** Settings, sleep, a second launch and quitting. */
function wireLifecycle({ controller, window, watch, unregister, tray, hasTray, services }: Parts): void {
  services.settings.subscribe((now, before) => {
    controller.tick();
    if (now.startAtLogin !== before.startAtLogin) syncAutostart(now.startAtLogin);
  });
  // Rewritten at every start while on, so the entry follows an app that moved (an AppImage, say).
  if (services.settings.current().startAtLogin) syncAutostart(true);
  // Timers stand still while the machine sleeps: look again as soon as it wakes.
  powerMonitor.on('resume', () => controller.tick());
  app.on('second-instance', () => window.show(null));
  // With a tray the app lives on without windows; without one, closing the window quits.
  app.on('window-all-closed', () => {
    if (!hasTray) app.quit();
  });
  app.on('before-quit', () => {
    window.allowClose();
    watch.close();
    controller.dispose();
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
