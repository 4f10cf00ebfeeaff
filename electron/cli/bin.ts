#!/usr/bin/env node
// The `ticket-tray` command. Everything else lives in main.ts, which tests call in-process.
import { runCli } from './main.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not an expected failure: one line, without a stack that could carry arguments.
    process.stderr.write(`ticket-tray: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
