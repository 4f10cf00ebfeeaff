#!/usr/bin/env node
// `npm run build:cli`: bundles the `ticket-tray` command (electron/cli/bin.ts) into
// out/cli/ticket-tray.cjs, the file package.json's `bin` names, so a call loads one file instead of
// a hundred modules and never type-checks. What only some commands need is split off and loaded
// by them alone (dynamic import()): the services (out/cli/chunks/), and the kerberos addon and execa,
// which stay external packages. Then writes the shell completions and the man page, made from the
// same command table as the help, to out/cli/share/ in the layout of /usr/share (the rpm and deb
// install them from there, see electron-builder.yml).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'out', 'cli');
const entry = join(outDir, 'ticket-tray.cjs');

rmSync(outDir, { recursive: true, force: true });
const bundle = await rolldown({
  input: { 'ticket-tray': join(root, 'electron', 'cli', 'bin.ts') },
  platform: 'node',
  // The sources import './x.js' for './x.ts', as NodeNext wants.
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  external: [/^node:/, 'kerberos', 'execa'],
  logLevel: 'warn',
});
await bundle.write({
  dir: outDir,
  // Start-up is most of what a call costs (the goal: `status` within 1.5 times `node -e 0`), and
  // CommonJS starts faster than an ES module on Node 20: no ES module loader is set up, the files
  // are read synchronously (no thread pool), and the chunks' import() becomes require().
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: 'chunks/[name]-[hash].cjs',
  // V8 scans a source with a single non-ASCII character as two-byte text, which is slower: every
  // such character is escaped. Comments are for the sources, not for V8 to scan at each call.
  charset: 'ascii',
  comments: false,
  // bin.ts's own #! line is kept, so the file runs as a program.
});
await bundle.close();
chmodSync(entry, 0o755);

// The generators come from the bundle's own sources, compiled by tsc --build into out/tsc.
const cli = (file) => pathToFileURL(join(root, 'out', 'tsc', 'electron', 'cli', file)).href;
const { bashCompletion, zshCompletion, fishCompletion } = await import(cli('completion-scripts.js'));
const { manPage } = await import(cli('man-page.js'));
/** The man page's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the last commit's, else today. */
function buildDate() {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  const commit = spawnSync('git', ['-C', root, 'log', '-1', '--format=%cs'], { encoding: 'utf8' });
  return commit.status === 0 && commit.stdout.trim() ? commit.stdout.trim() : new Date().toISOString().slice(0, 10);
}
const files = {
  'share/bash-completion/completions/ticket-tray': bashCompletion(),
  'share/zsh/site-functions/_ticket-tray': zshCompletion(),
  'share/fish/vendor_completions.d/ticket-tray.fish': fishCompletion(),
  'share/man/man1/ticket-tray.1': manPage(buildDate()),
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(outDir, path)), { recursive: true });
  writeFileSync(join(outDir, path), text);
}
