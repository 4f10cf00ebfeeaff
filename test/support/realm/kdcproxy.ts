/**
 * The Fedora-like setup's KdcProxy (MS-KKDCP over HTTPS): kdcproxy-server.py, run with the system
 * Python, in front of the realm's KDC. Counts the requests it serves and can be told to answer
 * HTTP 500, as a proxy with a broken back end does. See realm.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lines, type Layout } from './config.js';
import { proxyBackendKrb5Conf } from './fedora-config.js';
import { terminate } from './process.js';

/** The Python that has python3-kdcproxy: the distribution's, not a pyenv or venv one first on PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const SERVER_SCRIPT = fileURLToPath(new URL('./kdcproxy-server.py', import.meta.url));
const START_TIMEOUT_MS = 10_000;

export type ProxyFault = 'none' | 'http-500';

function files(p: Layout) {
  return {
    krb5Conf: path.join(p.proxyDir, 'krb5.conf'),
    config: path.join(p.proxyDir, 'kdcproxy.conf'),
    fault: path.join(p.proxyDir, 'fault'),
    requests: path.join(p.proxyDir, 'requests.log'),
    stderr: path.join(p.proxyDir, 'stderr.log'),
  };
}

/** kdc proxy processes still running; killed if the test process exits without stop(). */
const liveProxies = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveProxies) child.kill('SIGKILL');
});

/** Starts the proxy on `port` (0: any free port) for the KDC on `kdcPort`; resolves with the process and its port. */
export async function launchProxy(
  p: Layout,
  kdcPort: number,
  port: number,
): Promise<{ child: ChildProcess; port: number }> {
  const f = files(p);
  await mkdir(p.proxyDir, { recursive: true });
  await Promise.all([
    writeFile(f.krb5Conf, proxyBackendKrb5Conf(kdcPort)),
    writeFile(f.config, lines(['[global]', 'configs = mit', 'use_dns = false'])),
  ]);
  const child = spawn(SYSTEM_PYTHON, [SERVER_SCRIPT], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LC_ALL: 'C',
      KRB5_CONFIG: f.krb5Conf,
      KDCPROXY_CONFIG: f.config,
      PROXY_PORT: String(port),
      PROXY_CERT: p.proxyCert,
      PROXY_KEY: p.proxyKey,
      PROXY_FAULT_FILE: f.fault,
      PROXY_LOG: f.requests,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveProxies.add(child);
  child.once('exit', () => liveProxies.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  try {
    const bound = await listeningPort(child);
    child.stdout!.resume();
    return { child, port: bound };
  } catch (error) {
    await terminate(child);
    throw new Error(`KdcProxy did not start: ${(error as Error).message}\n${stderr}`);
  }
}

/** The server prints "listening <port>" once its TLS socket is bound. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`no "listening" line after ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.once('error', (error) => reject(error));
    child.once('exit', (code, signal) => reject(new Error(`exited (code ${code}, signal ${signal})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^listening (\d+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
}

export async function setProxyFault(p: Layout, fault: ProxyFault): Promise<void> {
  await mkdir(p.proxyDir, { recursive: true });
  await writeFile(files(p).fault, `${fault}\n`);
}

/** How many requests the proxy has answered so far (each kinit round trip is one POST). */
export async function proxyRequestCount(p: Layout): Promise<number> {
  const text = await readFile(files(p).requests, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.startsWith('POST ')).length;
}

/** Why the proxy cannot run here, or null: the system Python with python3-kdcproxy. */
export async function proxyUnavailable(): Promise<string | null> {
  if (
    !(await access(SYSTEM_PYTHON).then(
      () => true,
      () => false,
    ))
  )
    return `${SYSTEM_PYTHON} is missing`;
  return new Promise((resolve) => {
    const probe = spawn(SYSTEM_PYTHON, ['-c', 'import kdcproxy'], { stdio: 'ignore' });
    probe.once('error', (error) => resolve(`${SYSTEM_PYTHON} cannot run: ${error.message}`));
    probe.once('exit', (code) =>
      resolve(code === 0 ? null : 'the kdcproxy module is missing (install python3-kdcproxy)'),
    );
  });
}
