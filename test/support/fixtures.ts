import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOutcome } from '../../electron/services/process/run.js';

const DIR = new URL('../fixtures/kerberos/', import.meta.url).pathname;

/** A recorded MIT tool run from test/fixtures/kerberos (captured against a throwaway KDC, LC_ALL=C, TZ=UTC). */
export interface Fixture {
  readonly name: string;
  readonly cmd: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly rc: number;
  readonly outcome: RunOutcome;
}

export function fixture(name: string): Fixture {
  const read = (ext: string) => readFileSync(join(DIR, `${name}.${ext}`), 'utf8');
  const stdout = read('stdout');
  const stderr = read('stderr');
  const rc = Number(read('rc').trim());
  return {
    name,
    cmd: read('cmd').trim(),
    stdout,
    stderr,
    rc,
    outcome: { kind: 'exited', exitCode: rc, stdout, stderr },
  };
}

/** Names of every recorded case whose command starts with `prefix` (e.g. "klist"). */
export function fixtureNames(prefix: string): string[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.cmd'))
    .map((f) => f.slice(0, -'.cmd'.length))
    .filter((n) => n.startsWith(prefix))
    .sort();
}
