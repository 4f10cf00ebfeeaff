/**
 * A private sssd-kcm for the Fedora-like setup. sssd has no option for its configuration file or
 * its databases: it always uses /etc/sssd and /var/lib/sss. So it runs in its own mount namespace
 * (`unshare -m`, root only) where directories of the realm's `sssd-root/` are bind-mounted over
 * those paths; the machine's own files are never touched, and the caches die with the process.
 * See realm.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, chmod, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lines, type Layout } from './config.js';
import { terminate } from './process.js';

export const SSSD_BIN = '/usr/sbin/sssd';
export const SSSD_KCM_BIN = '/usr/libexec/sssd/sssd_kcm';
const START_TIMEOUT_MS = 10_000;

/** The system paths sssd uses, each replaced by `<sssdRoot>/<same path>` inside the namespace. */
const PRIVATE_PATHS = [
  '/etc/sssd',
  '/var/lib/sss/db',
  '/var/lib/sss/secrets',
  '/var/lib/sss/pipes',
  '/var/lib/sss/mc',
  '/var/log/sssd',
];

export interface KcmOptions {
  /** `[kcm] tgt_renewal = true`: sssd-kcm renews tickets itself. */
  readonly tgtRenewal?: boolean;
}

/** The sssd.conf the private sssd-kcm reads (sssd insists on mode 0600). */
export async function writeSssdConf(p: Layout, options: KcmOptions = {}): Promise<string> {
  const file = path.join(p.sssdRoot, 'etc', 'sssd', 'sssd.conf');
  await mkdir(path.dirname(file), { recursive: true });
  const renewal = options.tgtRenewal ? ['tgt_renewal = true', 'krb5_renew_interval = 60m'] : [];
  await writeFile(file, lines(['[sssd]', 'services = kcm', '', '[kcm]', `socket_path = ${p.kcmSocket}`, ...renewal]));
  await chmod(file, 0o600);
  return file;
}

/** Starts sssd_kcm on `p.kcmSocket` and waits until it accepts connections. */
export async function launchKcm(p: Layout): Promise<ChildProcess> {
  await Promise.all([
    ...PRIVATE_PATHS.map((system) => mkdir(path.join(p.sssdRoot, system), { recursive: true })),
    mkdir(path.dirname(p.kcmSocket), { recursive: true }),
  ]);
  const script = path.join(p.sssdRoot, 'start-kcm.sh');
  await writeFile(script, startScript(p));
  const out = await open(p.kcmLog, 'a');
  let child: ChildProcess;
  try {
    // The script ends in `exec sssd_kcm`, so the child's PID is sssd_kcm's own: stopping it also
    // ends the mount namespace.
    child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', script], {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
      stdio: ['ignore', out.fd, out.fd],
    });
  } finally {
    await out.close();
  }
  liveKcms.add(child);
  child.once('exit', () => liveKcms.delete(child));
  try {
    await waitForSocket(child, p.kcmSocket);
  } catch (error) {
    await terminate(child);
    throw new Error(
      `${(error as Error).message}\n--- sssd_kcm.log\n${await readFile(p.kcmLog, 'utf8').catch(() => '')}`,
    );
  }
  return child;
}

function startScript(p: Layout): string {
  return lines([
    'set -e',
    ...PRIVATE_PATHS.map((system) => `mount --bind '${path.join(p.sssdRoot, system)}' '${system}'`),
    // Builds the configuration database sssd_kcm reads; complains harmlessly about conf.d.
    `${SSSD_BIN} --genconf-section=kcm`,
    `exec ${SSSD_KCM_BIN} --uid 0 --gid 0 --logger=stderr`,
  ]);
}

/** sssd_kcm processes still running; killed if the test process exits without stop(). */
const liveKcms = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveKcms) child.kill('SIGKILL');
});

async function waitForSocket(child: ChildProcess, socket: string): Promise<void> {
  let failure: string | null = null;
  child.once('error', (error) => (failure ??= `sssd_kcm could not be started: ${error.message}`));
  child.once('exit', (code, signal) => (failure ??= `sssd_kcm exited during startup (code ${code}, signal ${signal})`));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (failure !== null) throw new Error(failure);
    if (await accepts(socket)) return;
    if (Date.now() > deadline) throw new Error(`sssd_kcm not listening on ${socket} after ${START_TIMEOUT_MS} ms`);
    await sleep(20);
  }
}

function accepts(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    conn.once('connect', () => {
      conn.destroy();
      resolve(true);
    });
    conn.once('error', () => resolve(false));
  });
}

/** Why the Fedora-like setup cannot run here, or null when it can: root, unshare, sssd-kcm. */
export async function kcmUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'sssd-kcm needs a private mount namespace, which needs root';
  for (const file of [SSSD_BIN, SSSD_KCM_BIN]) {
    if (
      !(await access(file).then(
        () => true,
        () => false,
      ))
    )
      return `${file} is missing (install sssd-kcm)`;
  }
  return null;
}
