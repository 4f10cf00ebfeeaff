// `node --import ./test/support/electron-stub/register.mjs main.js`: loads a main-process module
// with `electron` replaced by the recording stand-in (docs/test-realm.md, "Without an Electron
// binary").
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
