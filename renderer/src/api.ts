/**
 * The renderer's only way out: the AppApi the preload exposes as `window.ticketTray`. Its type is
 * the contract in shared/, so there is nothing to keep in step by hand.
 */
import type { AppApi } from '../../shared/contract';

declare global {
  interface Window {
    /** Set by the preload (contextBridge); missing when the page is opened outside the app. */
    readonly ticketTray: AppApi;
  }
}

/** The API, or null when the page runs without the preload (e.g. opened in a plain browser). */
export function findApi(): AppApi | null {
  return (window as { ticketTray?: AppApi }).ticketTray ?? null;
}
