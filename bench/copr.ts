/**
 * 3. The Copr check against the Copr stand-in (a real SPNEGO acceptor): cold (a GSSAPI login and
 * auth-check, no saved session) against `curl --negotiate` making the same two requests, and warm
 * (the saved session reused) against cold. Goal: cold at most 1.5 times curl.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { createCoprService } from '../electron/services/copr/service.js';
import { sessionCachePath, withSessionLock } from '../electron/services/copr/session-cache.js';
import { createKrbService } from '../electron/services/kerberos/service.js';
import { TEST_HOSTS, startCoprStandIn } from '../test/support/copr/stand-in.js';
import { USERS, type TestRealm } from '../test/support/realm/realm.js';
import { type Comparison, type Summary, compare, interleaved, summarize } from './stats.js';

export interface CoprResult {
  /** A = our cold check, B = the two curl runs. */
  readonly coldVsCurl: Comparison;
  /** A = our warm check, B = our cold check. */
  readonly warmVsCold: Comparison;
  readonly curlCommands: readonly string[];
  /** Parts of every check, timed alone: krb.status() (one klist) and taking the session-cache lock (flock child). */
  readonly components: { readonly krbStatus: Summary; readonly sessionLock: Summary };
}

export async function benchCopr(realm: TestRealm, runs: number): Promise<CoprResult> {
  // Our HTTPS client resolves the stand-in's host through dns.lookup, which map-hosts.mjs (imported
  // by main.ts) maps while TEST_HOSTS says so; curl gets the same mapping through --resolve.
  process.env['TEST_HOSTS'] = JSON.stringify(TEST_HOSTS);
  const copr = await startCoprStandIn(realm);
  await copr.setUsers([{ name: 'alice', webLogin: true }]);
  const configPath = join(realm.home, '.config', 'copr');
  await mkdir(dirname(configPath), { recursive: true });
  await writeFile(configPath, `[copr-cli]\ncopr_url = ${copr.url}\n`);

  const ccname = realm.newCollection('DIR');
  await realm.kinit(ccname, USERS.alice.fedora, USERS.alice.password);
  const env = realm.env(ccname);
  const krb = createKrbService({ env });
  const service = createCoprService({ krb, ca: copr.caPem });
  const sessionFile = sessionCachePath(realm.home, new URL(copr.url).host);
  const jar = join(realm.dir, 'bench-cookies.txt');

  const clearSession = () => rm(sessionFile, { force: true });
  const cold = async () => {
    const result = await service.check();
    if (!result.ok || result.value.user !== 'alice' || result.session !== 'created')
      throw new Error(`cold check did not log in: ${JSON.stringify(result.ok ? result : result.error)}`);
  };
  const warm = async () => {
    const result = await service.check();
    if (!result.ok || result.value.user !== 'alice' || result.session !== 'reused')
      throw new Error(`warm check did not reuse the session: ${JSON.stringify(result.ok ? result : result.error)}`);
  };

  // curl as a shell script would do it: the SPNEGO login storing the session cookie, then
  // auth-check sending it. `-q` first: no ~/.curlrc.
  const { hostname: host, port } = new URL(copr.url);
  const common = ['-q', '-sS', '--fail', '--cacert', copr.caFile, '--resolve', `${host}:${port}:127.0.0.1`];
  const login = [...common, '--negotiate', '-u', ':', '-c', jar, '-o', '/dev/null', `${copr.url}/api_3/gssapi_login/`];
  const check = [...common, '-b', jar, `${copr.url}/api_3/auth-check`];
  const curlRun = (args: readonly string[]) =>
    execa('curl', args, { env, extendEnv: false, reject: false, verbose: 'none', timeout: 15_000 });
  const curl = async () => {
    const first = await curlRun(login);
    if (first.exitCode !== 0) throw new Error(`curl login failed: ${String(first.stderr)}`);
    const second = await curlRun(check);
    if (second.exitCode !== 0 || !String(second.stdout).includes('"alice"'))
      throw new Error(`curl auth-check failed: ${String(second.stderr || second.stdout)}`);
  };

  const samples = await interleaved({
    runs,
    warmup: 3,
    contenders: [
      { name: 'cold', run: cold, before: clearSession },
      { name: 'curl', run: curl, before: () => rm(jar, { force: true }) },
      // Warm needs a saved session; the cold run of the previous round leaves one (except in the first round).
      { name: 'warm', run: warm, before: async () => (existsSync(sessionFile) ? undefined : cold()) },
    ],
  });
  // What a warm check is made of, timed alone: the Kerberos snapshot it takes (one klist) and the
  // session-cache lock (a flock(1) child), besides one HTTPS request.
  const parts = await interleaved({
    runs: 20,
    warmup: 2,
    contenders: [
      { name: 'status', run: () => krb.status() },
      { name: 'lock', run: () => withSessionLock(sessionFile, 15_000, async () => undefined) },
    ],
  });
  return {
    components: { krbStatus: summarize(parts['status']!), sessionLock: summarize(parts['lock']!) },
    coldVsCurl: compare(samples['cold']!, samples['curl']!),
    warmVsCold: compare(samples['warm']!, samples['cold']!),
    curlCommands: [`curl ${login.join(' ')}`, `curl ${check.join(' ')}`],
  };
}
