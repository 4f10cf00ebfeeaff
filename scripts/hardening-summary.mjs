#!/usr/bin/env node
// Prints the README's reliability table from out/hardening-counts.json, which the hardening suites
// write as they run (`npx vitest run --project hardening`).
import { readFileSync } from 'node:fs';

const counts = JSON.parse(readFileSync('out/hardening-counts.json', 'utf8'));
const num = (suite, key) => (typeof suite[key] === 'number' ? suite[key] : 0);
/** A count, or a dash where the suite does not measure that. */
const cell = (suite, key) => (typeof suite[key] === 'number' ? suite[key].toLocaleString('en') : '–');
const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
const total = (key) => rows.reduce((n, [, suite]) => n + num(suite, key), 0);
console.log('| suite | inputs tried | faults injected | secrets leaked | data lost |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, suite] of rows) {
  console.log(
    `| ${name} | ${cell(suite, 'inputs tried')} | ${cell(suite, 'faults injected')} | ${cell(suite, 'secrets leaked')} | ${cell(suite, 'data lost')} |`,
  );
}
console.log(
  `| **all** | **${total('inputs tried').toLocaleString('en')}** | **${total('faults injected')}** | **${total('secrets leaked')}** | **${total('data lost')}** |`,
);
