/**
 * The app's one window: created hidden from `windowOptions`, locked down with the predicates of
 * `security.ts` (no navigation away from the app page, no new windows, no webviews, no
 * permissions, the CSP header), shown and hidden on request. Its webContents id is the only one
 * trusted to call the contract (Electron security checklist item 17).
 */
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, type Session, type WebContents } from 'electron';
import { type AppView, type WindowNotice, pageLocation, windowOptions } from './options.js';
import { isAllowedNavigation, permissionDecision, withCspHeader } from './security.js';

/** The built renderer (`file`), or the development server (`url`, electron-vite's ELECTRON_RENDERER_URL). */
export type AppPage = { readonly file: string } | { readonly url: string };

/** The app's window, as main uses it. */
export interface AppWindow {
  readonly trustedIds: ReadonlySet<number>;
  /** The URL of the app's page, for the navigation and sender checks. */
  readonly appPage: string;
  show(view?: AppView | null): void;
  send(channel: string, payload: unknown): void;
  /** From now on, closing the window really closes it (the app is quitting). */
  allowClose(): void;
}

/**
 * Denies every permission and sets the CSP on every response of the session. The CSP header
 * applies where there are response headers (the development server, custom protocols); the built
 * `index.html` carries the same policy in a `<meta>` tag for `file:` loads.
 */
export function secureSession(ses: Session = session.defaultSession, withCsp = true): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  if (withCsp)
    ses.webRequest.onHeadersReceived((details, callback) =>
      callback({ responseHeaders: withCspHeader(details.responseHeaders) }),
    );
}

/** No navigation away from the app page, no new windows, no webviews (checklist items 12–14). */
function lockDown(contents: WebContents, appPage: string): void {
  const guard = (event: { preventDefault(): void; url: string }) => {
    if (!isAllowedNavigation(event.url, appPage)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Creates the window (hidden) and loads the app page into it. */
export function createAppWindow(options: {
  preload: string;
  page: AppPage;
  hasTray: boolean;
  notice: WindowNotice;
  /** Told when the window comes into view or leaves it (hidden, minimized): polling slows while nobody looks. */
  onVisibility?: (shown: boolean) => void;
}): AppWindow {
  const win = new BrowserWindow(windowOptions(options));
  const contents = win.webContents;
  const appPage = 'file' in options.page ? pathToFileURL(options.page.file).href : options.page.url;
  const trustedIds = new Set<number>([contents.id]);
  contents.once('destroyed', () => trustedIds.clear());
  let closing = false;
  lockDown(contents, appPage);
  // With a tray, closing only hides: the tray brings it back. Without one, closing quits the app.
  win.on('close', (event) => {
    if (options.hasTray && !closing) {
      event.preventDefault();
      win.hide();
    }
  });

  win.on('show', () => options.onVisibility?.(true));
  win.on('restore', () => options.onVisibility?.(true));
  win.on('hide', () => options.onVisibility?.(false));
  win.on('minimize', () => options.onVisibility?.(false));

  const load = (view: AppView | null) => {
    const { query, hash } = pageLocation(options.notice, view);
    if ('file' in options.page) return win.loadFile(options.page.file, { query, hash });
    const url = new URL(options.page.url);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    url.hash = hash;
    return win.loadURL(url.href);
  };
  void load(null).catch(() => undefined);

  return {
    trustedIds,
    appPage,
    show(view = null) {
      if (win.isDestroyed()) return;
      if (view) void load(view).catch(() => undefined);
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    },
    send(channel, payload) {
      if (!win.isDestroyed() && !contents.isDestroyed()) contents.send(channel, payload);
    },
    allowClose() {
      closing = true;
    },
  };
}
