/**
 * The renderer's only door to main: `window.ticketTray`, an `AppApi` of one-line methods over
 * named channels (Electron security checklist item 20: never the raw `ipcRenderer`, and listeners
 * never see the IPC event). Bundled as one CommonJS file, because a sandboxed preload cannot load
 * ES modules (https://www.electronjs.org/docs/latest/tutorial/esm).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { type AppApi, INVOKE_CHANNELS, type InvokeMethod, PUSH_CHANNELS } from '../../shared/contract.js';

/** Invokes a method's channel with exactly its parameters. */
const call = <K extends InvokeMethod>(method: K, ...args: Parameters<AppApi[K]>): ReturnType<AppApi[K]> =>
  ipcRenderer.invoke(INVOKE_CHANNELS[method], ...args) as ReturnType<AppApi[K]>;

/** Subscribes to a push channel; the listener gets the payload only. Returns the unsubscribe function. */
function listen<T>(channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api = {
  getStatus: () => call('getStatus'),
  login: (request) => call('login', request),
  switchPrimary: (principal) => call('switchPrimary', principal),
  renew: (principal) => call('renew', principal),
  destroy: (principal) => call('destroy', principal),
  destroyAll: () => call('destroyAll'),
  changePassword: (request) => call('changePassword', request),
  coprOverview: (target) => call('coprOverview', target),
  coprCheck: (target) => call('coprCheck', target),
  coprClearSession: (target) => call('coprClearSession', target),
  coprPin: (principal, target) => call('coprPin', principal, target),
  coprUnpin: (target) => call('coprUnpin', target),
  coprSetGssapi: (on, target) => call('coprSetGssapi', on, target),
  doctor: () => call('doctor'),
  applyFix: (fixId) => call('applyFix', fixId),
  doctorReport: () => call('doctorReport'),
  getDiagnosis: () => call('getDiagnosis'),
  getSettings: () => call('getSettings'),
  updateSettings: (patch) => call('updateSettings', patch),
  getActivity: () => call('getActivity'),
  openExternal: (url) => call('openExternal', url),
  onStatusChanged: (listener) => listen(PUSH_CHANNELS.onStatusChanged, listener),
  onActivity: (listener) => listen(PUSH_CHANNELS.onActivity, listener),
  onDiagnosis: (listener) => listen(PUSH_CHANNELS.onDiagnosis, listener),
} satisfies AppApi;

contextBridge.exposeInMainWorld('ticketTray', api);
