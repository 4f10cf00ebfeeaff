// Loads the compiled main process under Node with the `electron` stand-in, lets it start, drives
// a few IPC calls through the handlers it registered, and writes what it saw as JSON to the file
// named by argv[3]. Run: node --import ./register.mjs smoke.mjs <main.js> <report.json>
// SMOKE_LOGIN_AS=<principal> also logs in through IPC with the password SMOKE_CANARY (a wrong one);
// SMOKE_SWITCH_TO=<principal> also switches the primary through IPC.
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const [mainPath, reportPath] = process.argv.slice(2);
const { recorded } = await import('electron');
const { started } = await import(pathToFileURL(mainPath).href);
const running = await started;

const win = recorded.windows[0];
const trusted = { sender: win.webContents, senderFrame: { url: win.webContents.url, parent: null } };
const call = (channel, event, ...args) => recorded.handlers.get(channel)(event, ...args);
const summary = (tray) =>
  tray && {
    tooltip: tray.tooltip,
    image: tray.image,
    menu: tray.menu?.items.map(({ id, type, label, checked, enabled }) => ({ id, type, label, checked, enabled })),
  };

const report = {
  started: running !== null,
  handleCounts: Object.fromEntries(recorded.handleCounts),
  window: {
    options: win.options,
    url: win.webContents.url,
    visible: win.visible,
    denyOpen: win.webContents.windowOpenHandler?.({ url: 'https://evil.example/' }),
  },
  permission: await new Promise((resolve) =>
    recorded.session.permissionRequest?.(win.webContents, 'media', resolve, {}),
  ),
  cspSet: typeof recorded.session.headersReceived === 'function',
  trayBefore: summary(recorded.trays[0]),
  status: await call('krb:status', trusted),
  forbidden: await call('krb:status', {
    sender: { id: 9999 },
    senderFrame: { url: win.webContents.url, parent: null },
  }),
  subframe: await call('krb:status', {
    sender: win.webContents,
    senderFrame: { url: win.webContents.url, parent: {} },
  }),
  invalid: await call('krb:switch', trusted, 42),
  settings: await call('settings:get', trusted),
  doctor: await call('doctor:run', trusted),
  openEvil: await call('shell:open-external', trusted, 'https://copr.fedorainfracloud.org.evil.com/'),
};
if (process.env.SMOKE_LOGIN_AS) {
  const password = process.env.SMOKE_CANARY;
  delete process.env.SMOKE_CANARY;
  report.login = await call('krb:login', trusted, { principal: process.env.SMOKE_LOGIN_AS, password });
}
if (process.env.SMOKE_SWITCH_TO) {
  report.switched = await call('krb:switch', trusted, process.env.SMOKE_SWITCH_TO);
  report.trayAfter = summary(recorded.trays[0]);
}
report.pushed = win.webContents.sent.map((m) => m.channel);
await writeFile(reportPath, JSON.stringify(report, null, 2));
process.exit(0);
