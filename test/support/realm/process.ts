/**
 * Processes of the throwaway realm: the short-lived MIT tools and openssl, and the krb5kdc itself.
 * See realm.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, open, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { canConnect } from '../net.js';
import { FEDORA_REALM, WORK_REALM, type AdminPorts, type Layout } from './config.js';

// ---- processes -----------------------------------------------------------------------------------

const TOOL_TIMEOUT_MS = 15_000;
const KDC_START_TIMEOUT_MS = 5_000;
const KDC_STOP_GRACE_MS = 2_000;

/** KDC processes of this module still running; killed if the test process exits without stop(). */
const liveKdcs = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveKdcs) child.kill('SIGKILL');
});

/**
 * Without KRB5_KDC_PROFILE the KDC tools silently use /etc/krb5kdc/kdc.conf and create databases
 * under /var/lib/krb5kdc. Refuse instead.
 */
export async function assertOwnKdcProfile(p: Layout, env: Record<string, string>): Promise<void> {
  if (env['KRB5_KDC_PROFILE'] !== p.kdcConf) {
    throw new Error(`refusing to run KDC tools: KRB5_KDC_PROFILE must be ${p.kdcConf}`);
  }
  await access(p.kdcConf);
}

interface ToolResult {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly shortMessage: string | undefined;
}

/** Runs a short-lived tool with exactly `env`, `input` on stdin (EOF right after), and a timeout. */
export async function runTool(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  input = '',
): Promise<ToolResult> {
  const result = await execa(file, args, {
    env,
    extendEnv: false,
    input,
    reject: false,
    timeout: TOOL_TIMEOUT_MS,
    verbose: 'none',
  });
  return {
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    timedOut: result.timedOut,
    shortMessage: result.failed ? result.shortMessage : undefined,
  };
}

export async function runChecked(file: string, args: readonly string[], env: Record<string, string>): Promise<void> {
  const result = await runTool(file, args, env);
  if (result.exitCode !== 0) throw new Error(`${file} ${args.slice(0, 2).join(' ')} failed: ${describeRun(result)}`);
}

export function describeRun(result: ToolResult): string {
  if (result.timedOut) return `timed out after ${TOOL_TIMEOUT_MS} ms`;
  return result.stderr.trim() || result.shortMessage || `exit code ${result.exitCode}`;
}

/**
 * Spawns `krb5kdc -n` (foreground) as a direct child, so this process reaps it as soon as it exits,
 * and waits until it is serving (see waitForKdc).
 */
export async function launchKdc(p: Layout, env: Record<string, string>, port: number): Promise<ChildProcess> {
  await assertOwnKdcProfile(p, env);
  const out = await open(p.kdcStdout, 'a');
  let child: ChildProcess;
  try {
    child = spawn('krb5kdc', ['-n', '-r', FEDORA_REALM, '-r', WORK_REALM], { env, stdio: ['ignore', out.fd, out.fd] });
  } finally {
    await out.close(); // the child holds its own copy of the descriptor
  }
  liveKdcs.add(child);
  child.once('exit', () => liveKdcs.delete(child));
  try {
    await waitForKdc(child, p, port);
  } catch (error) {
    await terminate(child);
    throw new Error(`${(error as Error).message}\n${await kdcLogs(p)}`);
  }
  return child;
}

/**
 * Ready = our process logged "commencing operation" and the port accepts. The log line matters: a
 * KDC that lost its port to another process logs "Address already in use" and exits, while a plain
 * connect would succeed against the squatter.
 */
async function waitForKdc(child: ChildProcess, p: Layout, port: number): Promise<void> {
  let failure: string | null = null;
  child.once('error', (error) => (failure ??= `krb5kdc could not be started: ${error.message}`));
  child.once('exit', (code, signal) => (failure ??= `krb5kdc exited during startup (code ${code}, signal ${signal})`));
  const marker = `krb5kdc[${child.pid}](info): commencing operation`;
  const deadline = Date.now() + KDC_START_TIMEOUT_MS;
  for (;;) {
    if (failure !== null) throw new Error(failure);
    if ((await readText(p.kdcLog)).includes(marker) && (await canConnect(port))) return;
    if (Date.now() > deadline)
      throw new Error(`krb5kdc not ready on 127.0.0.1:${port} after ${KDC_START_TIMEOUT_MS} ms`);
    await sleep(15);
  }
}

function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

async function kdcLogs(p: Layout): Promise<string> {
  const [stdout, log] = await Promise.all([readText(p.kdcStdout), readText(p.kdcLog)]);
  return `--- kdc.stdout\n${stdout}--- kdc.log\n${log}`;
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), KDC_STOP_GRACE_MS);
  await exited;
  clearTimeout(killer);
}

/**
 * Spawns `kadmind -nofork` for the work realm as a direct child, like the KDC, and waits until it
 * serves: its log says "starting" (written after every socket is bound, so a lost port shows as an
 * exit instead) and both ports accept. kadmind reads its service keys from the database, so it
 * needs no keytab; the password-change protocol needs no ACL entry (a user may always change their
 * own password), but kadmind refuses to start without an ACL file.
 */
export async function launchKadmind(p: Layout, env: Record<string, string>, ports: AdminPorts): Promise<ChildProcess> {
  await assertOwnKdcProfile(p, env);
  const out = await open(p.kadmindStdout, 'a');
  let child: ChildProcess;
  try {
    // -P: the default pid file is under /var/run, outside the realm directory.
    const args = ['-nofork', '-r', WORK_REALM, '-P', `${p.dir}/kadmind.pid`];
    child = spawn('kadmind', args, { env, stdio: ['ignore', out.fd, out.fd] });
  } finally {
    await out.close();
  }
  liveKdcs.add(child);
  child.once('exit', () => liveKdcs.delete(child));
  try {
    const marker = `kadmind[${child.pid}](info): starting`;
    await waitForServer(child, 'kadmind', () => serving(p.kadmindLog, marker, [ports.kadmind, ports.kpasswd]));
  } catch (error) {
    await terminate(child);
    const [stdout, log] = await Promise.all([readText(p.kadmindStdout), readText(p.kadmindLog)]);
    throw new Error(`${(error as Error).message}\n--- kadmind.stdout\n${stdout}--- kadmin.log\n${log}`);
  }
  return child;
}

async function serving(log: string, marker: string, ports: readonly number[]): Promise<boolean> {
  if (!(await readText(log)).includes(marker)) return false;
  const accepting = await Promise.all(ports.map((port) => canConnect(port)));
  return accepting.every(Boolean);
}

/** Polls `ready` until it holds, the child exits, or the start-up time is over. */
async function waitForServer(child: ChildProcess, name: string, ready: () => Promise<boolean>): Promise<void> {
  let failure: string | null = null;
  child.once('error', (error) => (failure ??= `${name} could not be started: ${error.message}`));
  child.once('exit', (code, signal) => (failure ??= `${name} exited during startup (code ${code}, signal ${signal})`));
  const deadline = Date.now() + KDC_START_TIMEOUT_MS;
  for (;;) {
    if (failure !== null) throw new Error(failure);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready after ${KDC_START_TIMEOUT_MS} ms`);
    await sleep(15);
  }
}
