// `node --import ./test/support/register-electron-stub.mjs main.js`: loads a main-process module
// with `electron` replaced by the recording stand-in (toolchain.md §6).
import { register } from 'node:module';

register('./electron-stub-hooks.mjs', import.meta.url);
