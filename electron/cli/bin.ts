#!/usr/bin/env node
// The `ticket-tray` command. Everything else lives in main.ts, which tests call in-process.
import { escapeControls } from '../../shared/text-safety.js';
import { runCli } from './main.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not an expected failure: one line, without a stack that could carry arguments.
    const message = escapeControls(e instanceof Error ? e.message : String(e));
    process.stderr.write(`ticket-tray: internal error: ${message}\n`);
    process.exitCode = 1;
  },
);
