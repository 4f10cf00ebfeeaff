// A stand-in for the `electron` module, so the compiled main process can be loaded under plain
// Node (the Electron binary cannot be downloaded on the build machines; docs/toolchain.md). It
// records what main does — IPC handlers, windows, trays, menus, notifications, session handlers —
// in `recorded`, and does nothing else. Loaded through hooks.mjs.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

export const recorded = {
  /** channel → the last handler registered for it */
  handlers: new Map(),
  /** channel → how many times ipcMain.handle was called for it */
  handleCounts: new Map(),
  windows: [],
  trays: [],
  notifications: [],
  opened: [],
  exposed: {},
  session: { permissionRequest: null, permissionCheck: null, headersReceived: null },
  quit: 0,
};

export const ipcMain = {
  handle(channel, fn) {
    if (recorded.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    recorded.handlers.set(channel, fn);
    recorded.handleCounts.set(channel, (recorded.handleCounts.get(channel) ?? 0) + 1);
  },
  removeHandler(channel) {
    recorded.handlers.delete(channel);
  },
  on() {},
};

class StubApp extends EventEmitter {
  isPackaged = false;
  whenReady() {
    return Promise.resolve();
  }
  requestSingleInstanceLock() {
    return true;
  }
  quit() {
    recorded.quit++;
  }
  exit(code) {
    process.exit(code);
  }
  getAppPath() {
    return process.cwd();
  }
}
export const app = new StubApp();
export const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleState: () => 'active' });
export const net = { isOnline: () => true };
export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false });

let nextContentsId = 1;
class WebContents extends EventEmitter {
  id = nextContentsId++;
  url = '';
  sent = [];
  windowOpenHandler = null;
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn;
  }
  send(channel, payload) {
    this.sent.push({ channel, payload });
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.visible = false;
    recorded.windows.push(this);
  }
  loadFile(file, { query = {}, hash = '' } = {}) {
    const url = pathToFileURL(file);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    url.hash = hash;
    this.webContents.url = url.href;
    return Promise.resolve();
  }
  loadURL(url) {
    this.webContents.url = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
    this.emit('hide');
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  static fromWebContents(contents) {
    return recorded.windows.find((w) => w.webContents === contents) ?? null;
  }
}

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.tooltip = '';
    this.menu = null;
    recorded.trays.push(this);
  }
  setImage(image) {
    this.image = image;
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  setContextMenu(menu) {
    this.menu = menu;
  }
  destroy() {}
}

export const Menu = {
  buildFromTemplate: (template) => Object.assign(new EventEmitter(), { items: template }),
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    recorded.notifications.push(this.options);
  }
}

const image = (fields) => ({ isEmpty: () => fields.empty, ...fields });
export const nativeImage = {
  createFromPath: (path) => image({ empty: true, path }),
  createFromBitmap: (buffer, size) => image({ empty: false, bytes: buffer.length, ...size }),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(fn) {
      recorded.session.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn) {
      recorded.session.permissionCheck = fn;
    },
    webRequest: {
      onHeadersReceived(fn) {
        recorded.session.headersReceived = fn;
      },
    },
  },
};

export const shell = {
  openExternal(url) {
    recorded.opened.push(url);
    return Promise.resolve();
  },
};

export const contextBridge = {
  exposeInMainWorld(name, api) {
    recorded.exposed[name] = api;
  },
};

export const ipcRenderer = {
  invoke: (channel, ...args) => Promise.resolve({ channel, args }),
  on() {},
  removeListener() {},
};

export default {
  app,
  powerMonitor,
  net,
  nativeTheme,
  ipcMain,
  BrowserWindow,
  Tray,
  Menu,
  Notification,
  nativeImage,
  session,
  shell,
  contextBridge,
  ipcRenderer,
  recorded,
};
