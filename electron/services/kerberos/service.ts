import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FEDORA_REALM,
  type CacheInfo,
  type CacheState,
  type CollectionInfo,
  type KrbChange,
  type KrbFailure,
  type KrbStatus,
  type KrbTool,
  type LoginRequest,
  type TicketInfo,
} from '../../../shared/krb.js';
import { realmOf, validatePrincipal, withRealm } from '../../../shared/principal.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { execaRunner, type RunOutcome, type Runner } from '../process/run.js';
import { describeCollection, defaultCollectionName, dirCollectionPath, readDirPrimary } from './ccache-name.js';
import { classifyFailure } from './classify.js';
import { parseKlistAll, parsePrimaryCacheName, type ParsedCache } from './klist-parse.js';
import { loadKrb5Config } from './krb5-conf.js';

/** Environment handed to the MIT tools; KRB5CCNAME and KRB5_CONFIG in it are honoured as the tools honour them. */
export type ToolEnv = Readonly<Record<string, string | undefined>>;

export interface KrbServiceOptions {
  readonly run?: Runner;
  /** The tools' complete environment. Default: this process's. */
  readonly env?: ToolEnv;
  readonly now?: () => number;
  /** A cache with less than this left is "expiring". Default 30 minutes. */
  readonly expiringWithinMs?: number;
  /** kinit waits this long for a KDC; a KDC that accepts and never answers would hold it about 27 s. Default 15 s. */
  readonly kinitTimeoutMs?: number;
  /** klist, kswitch and kdestroy never talk to a KDC. Default 5 s. */
  readonly toolTimeoutMs?: number;
  /** Run Fedora's `fkinit` for Fedora logins instead of the built-in armored flow (it must be installed). */
  readonly useFkinit?: boolean;
  /** Where the Fedora flow's private armor cache lives while it runs. Default: the system temp directory. */
  readonly tempDir?: string;
}

export const DEFAULT_EXPIRING_WITHIN_MS = 30 * 60_000;

export type KrbService = ReturnType<typeof createKrbService>;

/**
 * The Kerberos core: snapshots of the credential-cache collection and the actions on it, over the MIT
 * tools. Plain Node, so the CLI, the desktop app and the tests share it.
 */
export function createKrbService(options: KrbServiceOptions = {}) {
  const run = options.run ?? execaRunner;
  const env: ToolEnv = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const expiringWithinMs = options.expiringWithinMs ?? DEFAULT_EXPIRING_WITHIN_MS;
  const kinitTimeoutMs = options.kinitTimeoutMs ?? 15_000;
  const toolTimeoutMs = options.toolTimeoutMs ?? 5_000;

  const tool = (file: KrbTool, args: readonly string[], input?: string, timeoutMs = toolTimeoutMs) =>
    run(file, args, { env, timeoutMs, ...(input === undefined ? {} : { input }) });

  async function collection(): Promise<CollectionInfo> {
    const fromEnv = env['KRB5CCNAME'];
    const conf = fromEnv ? null : await loadKrb5Config(env);
    return describeCollection(defaultCollectionName(env, conf, { uid: process.getuid?.() ?? 0 }));
  }

  /** The whole collection, like `klist -A`, from one `klist -A -f -e` run (plus, where the primary lives outside the file system, one plain `klist`). */
  async function status(): Promise<Result<KrbStatus, KrbFailure>> {
    const coll = await collection();
    const [all, primaryName] = await Promise.all([listCollection(), primaryCacheName(coll)]);
    return statusOf(coll, all, primaryName);
  }

  /** One `klist -A -f -e` run: every cache with its tickets, the primary first when it exists. */
  function listCollection(): Promise<RunOutcome> {
    return tool('klist', ['-A', '-f', '-e']);
  }

  /** A snapshot from a listing already taken (the watch compares listings before it parses one). */
  async function statusFromListing(coll: CollectionInfo, all: RunOutcome): Promise<Result<KrbStatus, KrbFailure>> {
    return statusOf(coll, all, await primaryCacheName(coll));
  }

  function statusOf(
    coll: CollectionInfo,
    all: RunOutcome,
    primaryName: string | null | 'first',
  ): Result<KrbStatus, KrbFailure> {
    if (all.kind !== 'exited') return err(classifyFailure(all, { tool: 'klist', timeoutMs: toolTimeoutMs }));
    const parsed = parseKlistAll(all.stdout, all.stderr, (path) => emptyCacheName(coll, path));
    if (all.exitCode !== 0 && parsed.caches.length === 0 && !isEmptyCollection(all)) {
      return err(classifyFailure(all, { tool: 'klist', timeoutMs: toolTimeoutMs }));
    }
    const takenAt = now();
    const primary = choosePrimary(coll, parsed.caches, primaryName);
    const caches = parsed.caches.map((c) => toCacheInfo(c, c === primary, takenAt, expiringWithinMs));
    return ok({
      collection: coll,
      primary: primary?.principal ?? null,
      caches,
      takenAt: new Date(takenAt).toISOString(),
    });
  }

  /** The primary cache's name: DIR keeps it in a file, FILE has only one; KEYRING and KCM need `klist`. */
  async function primaryCacheName(coll: CollectionInfo): Promise<string | null | 'first'> {
    if (coll.type === 'FILE' || !coll.switchable) return 'first';
    if (coll.type === 'DIR') {
      const dir = dirCollectionPath(coll.name);
      return dir ? readDirPrimary(dir) : null;
    }
    const out = await tool('klist', []);
    return out.kind === 'exited' && out.exitCode === 0 ? parsePrimaryCacheName(out.stdout) : null;
  }

  async function login(request: LoginRequest): Promise<Result<KrbChange, KrbFailure>> {
    const checked = checkLoginRequest(request);
    if (!checked.ok) return checked;
    const principal = checked.value;
    const otp = request.otp ?? '';
    // FreeIPA reads password and one-time code as one value, concatenated, on one prompt.
    const input = `${request.password}${otp}\n`;
    const attempt = !request.fedora
      ? { outcome: await tool('kinit', [principal], input, kinitTimeoutMs) }
      : options.useFkinit
        ? { outcome: await fkinit(principal, request.password, otp) }
        : await armoredKinit(principal, input);
    if ('failure' in attempt) return err(attempt.failure);
    const { outcome } = attempt;
    if (outcome.kind !== 'exited')
      return err(
        classifyFailure(outcome, {
          tool: options.useFkinit && request.fedora ? 'fkinit' : 'kinit',
          principal,
          timeoutMs: kinitTimeoutMs,
        }),
      );
    if (outcome.exitCode !== 0) return err(loginFailure(outcome, principal, otp !== ''));
    return changed(principal);
  }

  /** Fedora's flow, as fkinit does it: anonymous PKINIT gives an armor ticket, which protects (FAST) the real login. */
  function armoredKinit(principal: string, input: string): Promise<{ outcome: RunOutcome } | { failure: KrbFailure }> {
    return withArmor(async (armor) => ({
      outcome: await tool('kinit', ['-T', armor, principal], input, kinitTimeoutMs),
    }));
  }

  /** Runs `fn` with a fresh anonymous-PKINIT armor cache in a private directory that is removed afterwards, whatever happens. */
  async function withArmor<T>(fn: (armor: string) => Promise<T>): Promise<T | { failure: KrbFailure }> {
    const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'ticket-tray-armor-'));
    const armor = `FILE:${join(dir, 'armor')}`;
    try {
      const anon = await tool('kinit', ['-n', `@${FEDORA_REALM}`, '-c', armor], '', kinitTimeoutMs);
      if (anon.kind !== 'exited' || anon.exitCode !== 0) {
        return {
          failure: classifyFailure(anon, {
            tool: 'kinit',
            realm: FEDORA_REALM,
            timeoutMs: kinitTimeoutMs,
            armorStep: true,
          }),
        };
      }
      return await fn(armor);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Whether a Fedora login could start, without a password: the KDC answers, anonymous PKINIT works
   * (two-factor accounts need it) and the clocks agree. null when all is well.
   */
  async function probeFedoraLogin(): Promise<KrbFailure | null> {
    const result = await withArmor(async () => null);
    return result === null ? null : result.failure;
  }

  /** fedora-packager's fkinit asks for the password, then the OTP (blank when not enrolled). */
  function fkinit(principal: string, password: string, otp: string) {
    const user = principal.slice(0, principal.lastIndexOf('@'));
    return tool('fkinit', ['-u', user], `${password}\n${otp}\n`, kinitTimeoutMs);
  }

  async function changed(principal: string): Promise<Result<KrbChange, KrbFailure>> {
    const snapshot = await status();
    return snapshot.ok ? ok({ principal, status: snapshot.value }) : snapshot;
  }

  /** Makes `principal`'s cache the primary one, and checks that it is: kswitch can exit 0 without switching. */
  async function switchTo(principalInput: string): Promise<Result<KrbChange, KrbFailure>> {
    const checked = validatePrincipal(principalInput);
    if (!checked.ok) return err(badPrincipal(checked.error));
    const coll = await collection();
    if (!coll.switchable) return err({ kind: 'not-switchable', collection: coll });
    const principal = checked.value;
    const out = await tool('kswitch', ['-p', principal]);
    if (out.kind !== 'exited' || out.exitCode !== 0)
      return err(classifyFailure(out, { tool: 'kswitch', principal, timeoutMs: toolTimeoutMs }));
    const after = await status();
    if (!after.ok) return after;
    if (after.value.primary !== principal) {
      return err({
        kind: 'unexpected',
        tool: 'kswitch',
        exitCode: 0,
        detail: `kswitch exited 0, but the primary is ${after.value.primary ?? 'none'}`,
      });
    }
    return ok({ principal, status: after.value });
  }

  /** `kinit -R`: renews the primary cache's ticket, or `principal`'s. */
  async function renew(principalInput?: string): Promise<Result<KrbChange, KrbFailure>> {
    let principal: string | undefined;
    if (principalInput !== undefined) {
      const checked = validatePrincipal(principalInput);
      if (!checked.ok) return err(badPrincipal(checked.error));
      principal = checked.value;
    }
    const out = await tool('kinit', principal ? ['-R', principal] : ['-R'], '', kinitTimeoutMs);
    if (out.kind !== 'exited' || out.exitCode !== 0)
      return err(
        classifyFailure(out, { tool: 'kinit', ...(principal ? { principal } : {}), timeoutMs: kinitTimeoutMs }),
      );
    const after = await status();
    if (!after.ok) return after;
    const target = principal ?? after.value.primary;
    const cache = after.value.caches.find((c) => c.principal === target);
    // A ticket whose renew-until equals its start renews "successfully" into an expired one (MIT quirk).
    if (!cache || cache.state === 'expired' || cache.state === 'empty') {
      return err({ kind: 'not-renewable', detail: 'kinit -R succeeded, but the renewed ticket has already expired' });
    }
    return ok({ principal: target ?? '', status: after.value });
  }

  async function destroy(principalInput: string): Promise<Result<KrbStatus, KrbFailure>> {
    const checked = validatePrincipal(principalInput);
    if (!checked.ok) return err(badPrincipal(checked.error));
    const out = await tool('kdestroy', ['-p', checked.value]);
    if (out.kind !== 'exited' || out.exitCode !== 0)
      return err(classifyFailure(out, { tool: 'kdestroy', principal: checked.value, timeoutMs: toolTimeoutMs }));
    return status();
  }

  async function destroyAll(): Promise<Result<KrbStatus, KrbFailure>> {
    const out = await tool('kdestroy', ['-A']);
    if (out.kind !== 'exited' || out.exitCode !== 0)
      return err(classifyFailure(out, { tool: 'kdestroy', timeoutMs: toolTimeoutMs }));
    return status();
  }

  /** The MIT tools' version, for diagnostic reports (`klist -V`: "Kerberos 5 version 1.20.1"). */
  async function toolsVersion(): Promise<string | null> {
    const out = await tool('klist', ['-V']);
    return out.kind === 'exited' ? (/version\s+(\S+)/.exec(out.stdout)?.[1] ?? null) : null;
  }

  return {
    collection,
    status,
    listCollection,
    statusFromListing,
    login,
    switchTo,
    renew,
    destroy,
    destroyAll,
    probeFedoraLogin,
    toolsVersion,
    env,
  };
}

const badPrincipal = (reason: string): KrbFailure => ({ kind: 'invalid-input', field: 'principal', reason });

/** Refuses what cannot be right before anything runs; a line break would let a value spill into another prompt. */
function checkLoginRequest(request: LoginRequest): Result<string, KrbFailure> {
  const checked = validatePrincipal(request.principal);
  if (!checked.ok) return err(badPrincipal(checked.error));
  if (request.password === '')
    return err({ kind: 'invalid-input', field: 'password', reason: 'The password is empty.' });
  if (/[\r\n\0]/.test(request.password))
    return err({ kind: 'invalid-input', field: 'password', reason: 'The password contains a line break.' });
  if (request.otp && !/^\d{6,8}$/.test(request.otp)) {
    return err({ kind: 'invalid-input', field: 'otp', reason: 'The one-time code should be 6 to 8 digits.' });
  }
  if (!request.fedora) return ok(checked.value);
  const realm = realmOf(checked.value);
  if (realm !== null && realm !== FEDORA_REALM)
    return err(badPrincipal(`A Fedora account is in ${FEDORA_REALM}, not ${realm}.`));
  return ok(withRealm(checked.value, FEDORA_REALM));
}

/** A failed login, refined by what kinit prompted for: behind FAST, an OTP account says "Enter OTP Token Value". */
function loginFailure(outcome: RunOutcome & { kind: 'exited' }, principal: string, otpGiven: boolean): KrbFailure {
  const failure = classifyFailure(outcome, { tool: 'kinit', principal, realm: realmOf(principal) ?? '', timeoutMs: 0 });
  const otpPrompt = outcome.stdout.includes('Enter OTP Token Value');
  if (failure.kind === 'wrong-password' && (otpPrompt || otpGiven)) {
    return { kind: 'otp-rejected', principal, detail: failure.detail };
  }
  return failure;
}

/** An empty collection: klist -A exits 1 and prints nothing, or names the missing cache. */
function isEmptyCollection(out: RunOutcome & { kind: 'exited' }): boolean {
  const text = out.stderr.trim();
  return (
    text === '' ||
    /No credentials cache found|Credentials cache keyring '.*' not found|Credentials cache file '.*' not found/.test(
      text,
    )
  );
}

function emptyCacheName(coll: CollectionInfo, path: string): string {
  if (coll.type === 'DIR') return `DIR::${path}`;
  if (coll.type === 'FILE') return `FILE:${path}`;
  return path;
}

function choosePrimary(
  coll: CollectionInfo,
  caches: readonly ParsedCache[],
  name: string | null | 'first',
): ParsedCache | null {
  const withPrincipal = caches.filter((c) => c.principal !== null);
  if (name === 'first') return withPrincipal[0] ?? null;
  if (name === null) return null;
  // A DIR collection named by its single subsidiary (`DIR::/path/tkt`) is its own primary.
  const wanted = coll.type === 'DIR' && coll.name.startsWith('DIR::') ? coll.name : name;
  return withPrincipal.find((c) => c.cache === wanted) ?? null;
}

function toCacheInfo(c: ParsedCache, primary: boolean, nowMs: number, expiringWithinMs: number): CacheInfo {
  const realm = c.principal ? realmOf(c.principal) : null;
  const tgt = c.tickets.find((t) => realm !== null && t.server === `krbtgt/${realm}@${realm}`);
  const latest = [...c.tickets].sort((a, b) => b.expires - a.expires)[0];
  const main = tgt ?? latest;
  return {
    cache: c.cache,
    principal: c.principal,
    realm,
    primary,
    state: cacheState(main?.expires ?? null, nowMs, expiringWithinMs),
    expires: main ? iso(main.expires) : null,
    renewUntil: main?.renewUntil != null ? iso(main.renewUntil) : null,
    tickets: c.tickets.map((t): TicketInfo => ({
      server: t.server,
      starts: iso(t.starts),
      expires: iso(t.expires),
      renewUntil: t.renewUntil === null ? null : iso(t.renewUntil),
      flags: t.flags,
      sessionEnctype: t.sessionEnctype,
      ticketEnctype: t.ticketEnctype,
    })),
  };
}

/** klist marks nothing as expired: the state comes from the times alone. */
export function cacheState(expires: number | null, nowMs: number, expiringWithinMs: number): CacheState {
  if (expires === null) return 'empty';
  if (expires <= nowMs) return 'expired';
  return expires - nowMs < expiringWithinMs ? 'expiring' : 'valid';
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : new Date(0).toISOString();
}
