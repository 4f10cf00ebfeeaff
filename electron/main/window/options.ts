/**
 * The BrowserWindow's options, as a pure function so the security flags are unit-tested (Electron
 * security checklist, https://www.electronjs.org/docs/latest/tutorial/security, items 2–4; see
 * docs/decisions.md, "The desktop app"). Only types come from `electron`; nothing here runs it.
 */
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { MESSAGES } from '../messages.js';

/** Why the window is shown as a normal window: the first run, or a desktop without a tray. */
export type WindowNotice = 'first-run' | 'no-tray' | null;

/** What the window options depend on. */
export interface WindowOptionsInput {
  /** Absolute path of the CommonJS preload bundle (see {@link preloadPath}). */
  readonly preload: string;
  /** False where no tray icon could be created: the window is then the only way back into the app. */
  readonly hasTray: boolean;
  readonly notice?: WindowNotice;
}

/** A narrow panel, like other tray utilities. */
export const WINDOW_WIDTH = 380;
/** Room for two identity cards and the actions. */
export const WINDOW_HEIGHT = 560;

/**
 * Where the preload lives next to the bundled main: `out/main/index.js` → `out/preload/preload.cjs`.
 * It must be one CommonJS file: a sandboxed preload cannot load ES modules
 * (https://www.electronjs.org/docs/latest/tutorial/esm).
 */
export function preloadPath(mainDir: string): string {
  return join(mainDir, '..', 'preload', 'preload.cjs');
}

/**
 * Options for the app's one window. It is created hidden (`show: false`, shown on
 * `ready-to-show` or from the tray) and always keeps its frame: a frameless pop-up cannot be
 * placed next to the icon on Linux, where `Tray.getBounds()` reports nothing. With a tray the
 * window stays out of the task bar like other tray utilities; without one it is an ordinary window
 * that can be minimised and found in the task bar.
 */
export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: WINDOW_WIDTH,
    height: WINDOW_HEIGHT,
    minWidth: 320,
    minHeight: 420,
    show: false,
    frame: true,
    title: windowTitle(input),
    skipTaskbar: input.hasTray,
    minimizable: !input.hasTray,
    maximizable: false,
    fullscreenable: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

function windowTitle(input: WindowOptionsInput): string {
  if (input.notice === 'no-tray' || !input.hasTray) return MESSAGES.window.noTrayTitle;
  if (input.notice === 'first-run') return MESSAGES.window.firstRunTitle;
  return MESSAGES.window.title;
}

/**
 * The query the renderer reads to say why it was opened as a normal window (`?notice=no-tray`), and
 * the hash naming the view an action asked for (`#/troubleshoot`). Kept next to the window options
 * because `window.ts` loads the page with both.
 */
export function pageLocation(
  notice: WindowNotice,
  view: AppView | null,
): { query: Record<string, string>; hash: string } {
  return { query: notice ? { notice } : {}, hash: view ? `/${view}` : '' };
}

/** The views a tray action can open. */
export type AppView = 'login-fedora' | 'login' | 'troubleshoot' | 'copr';
