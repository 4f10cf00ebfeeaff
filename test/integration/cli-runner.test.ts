import { describe, expect, it } from 'vitest';
import { spawnRunner } from '../../electron/cli/spawn-runner.js';

/** The command line's runner keeps the services' runner contract, with real processes. */
describe('spawnRunner', () => {
  const env = { PATH: process.env['PATH'], CANARY: 'seen' };

  it('gives the input on stdin only, the environment exactly, and LC_ALL=C', async () => {
    const out = await spawnRunner('sh', ['-c', 'cat; echo "$CANARY $LC_ALL ${HOME:-nohome}"'], {
      env,
      input: 'secret\n',
      timeoutMs: 10_000,
    });
    expect(out).toEqual({ kind: 'exited', exitCode: 0, stdout: 'secret\nseen C nohome\n', stderr: '' });
  });

  it('reports the exit status and stderr of a failing tool', async () => {
    const out = await spawnRunner('sh', ['-c', 'echo oops >&2; exit 3'], { env, timeoutMs: 10_000 });
    expect(out).toEqual({ kind: 'exited', exitCode: 3, stdout: '', stderr: 'oops\n' });
  });

  it('a program that is not installed is spawn-failed, not an exception', async () => {
    const out = await spawnRunner('ticket-tray-no-such-tool', [], { env, timeoutMs: 10_000 });
    expect(out).toEqual({ kind: 'spawn-failed', code: 'ENOENT' });
  });

  it('a tool past its deadline is stopped and reported as timed out, with what it printed', async () => {
    const out = await spawnRunner('sh', ['-c', 'echo started; exec sleep 30'], { env, timeoutMs: 200 });
    expect(out).toEqual({ kind: 'timed-out', stdout: 'started\n', stderr: '' });
  });

  it('a tool that ignores SIGTERM is killed', async () => {
    const out = await spawnRunner('sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 0.1; done'], {
      env,
      timeoutMs: 200,
    });
    expect(out.kind).toBe('timed-out');
  });
});
