/**
 * The few files that import `electron`, with `electron` mocked (it cannot run under Node): the
 * preload's exposed API against the contract, the IPC registration's sender check and logging,
 * and the tray's menu template.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, PUSH_CHANNELS, type AppApi } from '../../../shared/contract.js';

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const exposed: Record<string, unknown> = {};
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  return {
    handlers,
    listeners,
    exposed,
    invoked,
    module: {
      ipcMain: {
        handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
          void handlers.set(channel, fn),
        removeHandler: (channel: string) => void handlers.delete(channel),
      },
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => void (exposed[name] = api) },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => (
          invoked.push({ channel, args }),
          { ok: true, value: channel }
        ),
        on: (channel: string, fn: (event: unknown, payload: unknown) => void) =>
          void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(fn),
        removeListener: (channel: string, fn: (event: unknown, payload: unknown) => void) =>
          void listeners.get(channel)?.delete(fn),
      },
      Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
      Tray: class {},
      nativeImage: {},
    },
  };
});
vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

describe('the preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    await import('../../../electron/preload/preload.js');
  });
  const api = () => electron.exposed['ticketTray'] as AppApi;

  it('exposes exactly the contract as window.ticketTray, and nothing of ipcRenderer', () => {
    const expected = [...Object.keys(INVOKE_CHANNELS), ...Object.keys(PUSH_CHANNELS)].sort();
    expect(Object.keys(api()).sort()).toEqual(expected);
    expect(Object.values(api()).every((v) => typeof v === 'function')).toBe(true);
  });

  it('invokes each method on its own channel with exactly its arguments', async () => {
    electron.invoked.length = 0;
    await api().switchPrimary('alice@FEDORAPROJECT.ORG');
    await api().coprPin('alice@FEDORAPROJECT.ORG', { profile: 1 });
    await api().getStatus();
    expect(electron.invoked).toEqual([
      { channel: INVOKE_CHANNELS.switchPrimary, args: ['alice@FEDORAPROJECT.ORG'] },
      { channel: INVOKE_CHANNELS.coprPin, args: ['alice@FEDORAPROJECT.ORG', { profile: 1 }] },
      { channel: INVOKE_CHANNELS.getStatus, args: [] },
    ]);
  });

  it('hands push listeners the payload only, never the IPC event, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = api().onStatusChanged((status) => seen.push(status));
    const deliver = (payload: unknown) =>
      electron.listeners.get(PUSH_CHANNELS.onStatusChanged)?.forEach((fn) => fn({ sender: 'ipc event' }, payload));
    deliver({ primary: 'a' });
    off();
    deliver({ primary: 'b' });
    expect(seen).toEqual([{ primary: 'a' }]);
  });
});

describe('the IPC registration', () => {
  const trusted = { sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html', parent: null } };

  async function register(table: Record<string, (...args: unknown[]) => Promise<unknown>>) {
    const { registerIpc, senderCheck } = await import('../../../electron/main/ipc/ipc-main.js');
    const lines: string[] = [];
    const check = senderCheck({ trustedIds: new Set([1]), appPage: 'file:///app/index.html' });
    const unregister = registerIpc(table as never, check as never, (line) => lines.push(line));
    return { lines, unregister };
  }
  const tableOf = (fn: (...args: unknown[]) => Promise<unknown>) =>
    Object.fromEntries(Object.keys(INVOKE_CHANNELS).map((k) => [k, fn]));

  it('handles every channel once, and removes them again', async () => {
    const { unregister } = await register(tableOf(async () => ({ ok: true, value: 1 })));
    expect([...electron.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    unregister();
    expect(electron.handlers.size).toBe(0);
  });

  it('refuses untrusted senders and sub-frames before the handler runs', async () => {
    const calls: unknown[][] = [];
    await register(tableOf(async (...args) => (calls.push(args), { ok: true, value: 1 })));
    const call = electron.handlers.get(INVOKE_CHANNELS.getStatus)!;
    expect(await call({ ...trusted, sender: { id: 2 } })).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(await call({ ...trusted, senderFrame: { url: 'file:///app/index.html', parent: {} } })).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await call({ ...trusted, senderFrame: null })).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(calls).toEqual([]);
    expect(await call(trusted, 'x')).toEqual({ ok: true, value: 1 });
    expect(calls).toEqual([['x']]);
  });

  it('logs channel and outcome only, never an argument', async () => {
    const { lines } = await register(
      tableOf(async () => ({
        ok: false,
        error: { kind: 'wrong-password', principal: 'alice', detail: 'Password incorrect' },
      })),
    );
    await electron.handlers.get(INVOKE_CHANNELS.login)!(trusted, { principal: 'alice', password: 'canary-secret' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ipc krb:login: failed \(wrong-password\) in \d+ ms$/);
  });

  it('turns a handler that threw into a plain error, without its message', async () => {
    const { lines } = await register(
      tableOf(async () => {
        throw new Error('kinit alice canary-secret failed at /home/alice');
      }),
    );
    await expect(electron.handlers.get(INVOKE_CHANNELS.getStatus)!(trusted)).rejects.toThrow(
      'Ticket Tray could not complete this request.',
    );
    expect(lines.join('\n')).not.toContain('canary-secret');
  });
});

describe('the tray menu template', () => {
  it('maps the model to Electron items, and clicks to actions', async () => {
    const { menuTemplate } = await import('../../../electron/main/tray/tray.js');
    const chosen: unknown[] = [];
    const template = menuTemplate(
      [
        { type: 'label', id: 'status', label: 'Ticket Tray — ok' },
        { type: 'separator', id: 'sep' },
        {
          type: 'radio',
          id: 'identity:x',
          label: 'alice',
          checked: true,
          enabled: true,
          action: { kind: 'switch', principal: 'alice' },
        },
        { type: 'normal', id: 'quit', label: 'Quit', enabled: true, action: { kind: 'quit' } },
      ],
      (a) => chosen.push(a),
    );
    expect(template.map(({ id, type, label, enabled, checked }) => ({ id, type, label, enabled, checked }))).toEqual([
      { id: 'status', type: undefined, label: 'Ticket Tray — ok', enabled: false, checked: undefined },
      { id: 'sep', type: 'separator', label: undefined, enabled: undefined, checked: undefined },
      { id: 'identity:x', type: 'radio', label: 'alice', enabled: true, checked: true },
      { id: 'quit', type: undefined, label: 'Quit', enabled: true, checked: undefined },
    ]);
    template[2]!.click!({} as never, undefined, {} as never);
    template[3]!.click!({} as never, undefined, {} as never);
    expect(chosen).toEqual([{ kind: 'switch', principal: 'alice' }, { kind: 'quit' }]);
  });
});
