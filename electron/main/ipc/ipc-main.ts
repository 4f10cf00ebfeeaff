/**
 * The only file that touches `ipcMain`. For every channel of the contract: the sender is checked
 * first (a forbidden sender gets `{ ok: false, error: { kind: 'forbidden' } }` and no service
 * runs), then the handler table (which validates the arguments). The log names the channel and the
 * outcome's kind only, never an argument or a value (GitHub Desktop's `safeListener` does the same).
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS, type InvokeMethod } from '../../../shared/contract.js';
import { isTrustedSender } from './guards.js';
import { INTERNAL_ERROR, type HandlerTable } from './handlers.js';

/** Where the one-line IPC log goes (console by default). */
export type Log = (line: string) => void;

/** A sender check over the window's trusted webContents ids and its page. */
export function senderCheck(window: {
  readonly trustedIds: ReadonlySet<number>;
  readonly appPage: string;
}): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    let url: string | null = null;
    try {
      // Only a top-level frame may call; senderFrame is null once the frame navigated or went away.
      const frame = event.senderFrame;
      url = frame && frame.parent === null ? frame.url : null;
    } catch {
      url = null;
    }
    return isTrustedSender(url, window.trustedIds, event.sender.id, window.appPage);
  };
}

/** "ok", "failed (wrong-password)", "rejected (forbidden)", or "done" for replies that are not Results. */
export function outcomeOf(reply: unknown): string {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return 'done';
  if (reply.ok === true) return 'ok';
  const kind = (reply as { error?: { kind?: unknown } }).error?.kind;
  const label = kind === 'forbidden' || kind === 'invalid-request' ? 'rejected' : 'failed';
  return typeof kind === 'string' ? `${label} (${kind})` : label;
}

/** Registers the table on every channel; returns a function that removes the handlers again. */
export function registerIpc(
  table: HandlerTable,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  log: Log = (line) => console.info(line),
): () => void {
  const channels = Object.entries(INVOKE_CHANNELS) as Array<[InvokeMethod, string]>;
  for (const [method, channel] of channels) {
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const started = Date.now();
      if (!isTrusted(event)) {
        log(`ipc ${channel}: rejected (forbidden)`);
        return { ok: false, error: { kind: 'forbidden' } };
      }
      try {
        const reply = await table[method](...args);
        log(`ipc ${channel}: ${outcomeOf(reply)} in ${Date.now() - started} ms`);
        return reply;
      } catch (error) {
        // The error's message may quote a tool's output or a path: it is not logged or sent.
        log(`ipc ${channel}: threw ${error instanceof Error ? error.name : typeof error}`);
        throw new Error(INTERNAL_ERROR);
      }
    });
  }
  return () => channels.forEach(([, channel]) => ipcMain.removeHandler(channel));
}
