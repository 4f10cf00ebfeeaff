import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createExecaRunner,
  OUTPUT_CUT_SIGNAL,
  type RunLimits,
  type Runner,
} from '../../electron/services/process/run.js';
import { createSpawnRunner } from '../../electron/services/process/spawn-runner.js';

/** Small limits, so that cutting the output and escalating to SIGKILL happen quickly. */
const LIMITS: RunLimits = { maxOutputBytes: 64 * 1024, killAfterMs: 300 };

const RUNNERS: ReadonlyArray<[string, Runner]> = [
  ['execa runner', createExecaRunner(LIMITS)],
  ['spawn runner', createSpawnRunner(LIMITS)],
];

const scratch = mkdtempSync(join(tmpdir(), 'tt-runner-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One contract, real processes, every runner: the services may be given any of them. */
describe.each(RUNNERS)('%s', (_name, run) => {
  const env = { PATH: process.env['PATH'], CANARY: 'seen', UNSET: undefined };

  it('gives the input on stdin only, never in argv or the environment', async () => {
    const secret = 'hunter2-secret';
    const out = await run('sh', ['-c', 'cat; tr "\\0" " " < /proc/$$/cmdline; tr "\\0" " " < /proc/$$/environ'], {
      env,
      input: `${secret}\n`,
      timeoutMs: 10_000,
    });
    expect(out.kind).toBe('exited');
    if (out.kind !== 'exited') return;
    const [stdin, ...rest] = out.stdout.split('\n');
    expect(stdin).toBe(secret);
    expect(rest.join('\n')).not.toContain(secret);
  });

  it('gives the environment exactly as given, plus LC_ALL=C', async () => {
    const out = await run('env', [], { env, timeoutMs: 10_000 });
    expect(out.kind).toBe('exited');
    const lines = out.kind === 'exited' ? out.stdout.trim().split('\n').sort() : [];
    expect(lines).toEqual(['CANARY=seen', 'LC_ALL=C', `PATH=${process.env['PATH']}`]);
  });

  it('LC_ALL=C wins over a locale in the environment given', async () => {
    const out = await run('sh', ['-c', 'echo "$LC_ALL"'], {
      env: { ...env, LC_ALL: 'de_DE.UTF-8' },
      timeoutMs: 10_000,
    });
    expect(out).toEqual({ kind: 'exited', exitCode: 0, stdout: 'C\n', stderr: '' });
  });

  it('reports the exit status and stderr of a failing tool, final newlines kept', async () => {
    const out = await run('sh', ['-c', 'echo oops >&2; exit 3'], { env, timeoutMs: 10_000 });
    expect(out).toEqual({ kind: 'exited', exitCode: 3, stdout: '', stderr: 'oops\n' });
  });

  it('a program that is not installed is spawn-failed, not an exception', async () => {
    const out = await run('ticket-tray-no-such-tool', [], { env, timeoutMs: 10_000 });
    expect(out).toEqual({ kind: 'spawn-failed', code: 'ENOENT' });
  });

  it('a program that cannot be executed is spawn-failed with its errno', async () => {
    const out = await run(scratch, [], { env, timeoutMs: 10_000 });
    expect(out).toEqual({ kind: 'spawn-failed', code: 'EACCES' });
  });

  it('a tool past its deadline gets SIGTERM first, and is reported as timed out with what it printed', async () => {
    const out = await run(
      'sh',
      ['-c', 'trap "echo terminated; exit 0" TERM; echo started; while :; do sleep 0.05; done'],
      {
        env,
        timeoutMs: 200,
      },
    );
    expect(out).toEqual({ kind: 'timed-out', stdout: 'started\nterminated\n', stderr: '' });
  });

  it('a tool that ignores SIGTERM is killed after the grace time', async () => {
    const pidFile = join(scratch, `pid-${_name.replace(/\W/g, '')}`);
    const out = await run('sh', ['-c', `trap "" TERM; echo $$ > ${pidFile}; while :; do sleep 0.05; done`], {
      env,
      timeoutMs: 200,
    });
    expect(out.kind).toBe('timed-out');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('keeps at most the limit of each stream and stops a tool that prints more', async () => {
    const out = await run('sh', ['-c', 'while :; do echo 0123456789abcdef0123456789abcdef; done'], {
      env,
      timeoutMs: 10_000,
    });
    expect(out.kind).toBe('killed');
    if (out.kind !== 'killed') return;
    expect(out.signal).toBe(OUTPUT_CUT_SIGNAL);
    expect(out.stdout.length).toBeLessThanOrEqual(LIMITS.maxOutputBytes);
    expect(out.stdout.startsWith('0123456789abcdef')).toBe(true);
  });

  it('an abort stops the tool', async () => {
    const controller = new AbortController();
    const running = run('sh', ['-c', 'echo started; while :; do sleep 0.05; done'], {
      env,
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const out = await running;
    expect(out.kind).toBe('killed');
  });

  it('a signal aborted before the start stops the tool too', async () => {
    const out = await run('sh', ['-c', 'while :; do sleep 0.05; done'], {
      env,
      timeoutMs: 10_000,
      signal: AbortSignal.abort(),
    });
    expect(out.kind).toBe('killed');
  });
});
