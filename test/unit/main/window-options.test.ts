import { describe, expect, it } from 'vitest';
import {
  WINDOW_HEIGHT,
  WINDOW_WIDTH,
  pageLocation,
  preloadPath,
  windowOptions,
} from '../../../electron/main/window/options.js';

describe('window options (Electron security checklist items 2–4)', () => {
  const options = windowOptions({ preload: '/app/out/preload/preload.cjs', hasTray: true });

  it('isolates and sandboxes the renderer, with no Node in it', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('loads the CommonJS preload next to the bundled main', () => {
    expect(options.webPreferences?.preload).toBe('/app/out/preload/preload.cjs');
    expect(preloadPath('/app/out/main')).toBe('/app/out/preload/preload.cjs');
  });

  it('is created hidden and small', () => {
    expect(options).toMatchObject({ show: false, width: WINDOW_WIDTH, height: WINDOW_HEIGHT });
    expect(WINDOW_WIDTH).toBeLessThanOrEqual(400);
    expect(WINDOW_HEIGHT).toBeLessThanOrEqual(600);
  });

  it('with a tray: framed, out of the task bar, not minimisable', () => {
    expect(options).toMatchObject({ frame: true, skipTaskbar: true, minimizable: false, title: 'Ticket Tray' });
  });

  it('without a tray: a normal framed window in the task bar, whose title says why', () => {
    const normal = windowOptions({ preload: '/p.cjs', hasTray: false, notice: 'no-tray' });
    expect(normal).toMatchObject({
      frame: true,
      skipTaskbar: false,
      minimizable: true,
      title: 'Ticket Tray — no tray icon on this desktop',
    });
    expect(normal.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  it('on the first run, says welcome', () => {
    expect(windowOptions({ preload: '/p.cjs', hasTray: true, notice: 'first-run' }).title).toBe(
      'Ticket Tray — welcome',
    );
  });

  it('tells the page why it opened and which view to show', () => {
    expect(pageLocation('no-tray', null)).toEqual({ query: { notice: 'no-tray' }, hash: '' });
    expect(pageLocation(null, 'troubleshoot')).toEqual({ query: {}, hash: '/troubleshoot' });
  });
});
