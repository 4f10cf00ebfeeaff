import { FEDORA_REALM } from '../../../shared/krb.js';
import { execaRunner, type Runner } from '../process/run.js';
import { createCacheActions } from './actions.js';
import { createLogin } from './login.js';
import { createQualifier } from './names.js';
import { createPasswordChange } from './password.js';
import { createSnapshots } from './snapshot.js';
import { createToolbox, type ToolEnv } from './toolbox.js';

export { cacheState } from './snapshot.js';
export type { ToolEnv } from './toolbox.js';

export interface KrbServiceOptions {
  readonly run?: Runner;
  /** The tools' complete environment. Default: this process's. */
  readonly env?: ToolEnv;
  readonly now?: () => number;
  /** A cache with less than this left is "expiring". Default 30 minutes. */
  readonly expiringWithinMs?: number;
  /** kinit waits this long for a KDC; a KDC that accepts and never answers would hold it about 27 s. Default 15 s. */
  readonly kinitTimeoutMs?: number;
  /** kpasswd talks to the KDC, then to the password service (kadmind): each may be slow. Default 30 s. */
  readonly kpasswdTimeoutMs?: number;
  /** klist, kswitch and kdestroy never talk to a KDC. Default 5 s. */
  readonly toolTimeoutMs?: number;
  /** Run Fedora's `fkinit` for Fedora logins instead of the built-in armored flow (it must be installed). */
  readonly useFkinit?: boolean;
  /** Where the Fedora flow's private armor cache lives while it runs. Default: the system temp directory. */
  readonly tempDir?: string;
  /** The realm Copr's Kerberos login needs; a login that moves the primary out of it says so. Default FEDORAPROJECT.ORG. */
  readonly coprRealm?: string;
}

export const DEFAULT_EXPIRING_WITHIN_MS = 30 * 60_000;

export type KrbService = ReturnType<typeof createKrbService>;

/**
 * The Kerberos core: snapshots of the credential-cache collection and the actions on it, over the MIT
 * tools. Plain Node, so the CLI, the desktop app and the tests share it. Every name a user typed is
 * made a full principal before anything runs, and every action is judged by a snapshot taken after it.
 */
export function createKrbService(options: KrbServiceOptions = {}) {
  const env: ToolEnv = options.env ?? process.env;
  const box = createToolbox(options.run ?? execaRunner, {
    env,
    now: options.now ?? Date.now,
    expiringWithinMs: options.expiringWithinMs ?? DEFAULT_EXPIRING_WITHIN_MS,
    kinitTimeoutMs: options.kinitTimeoutMs ?? 15_000,
    toolTimeoutMs: options.toolTimeoutMs ?? 5_000,
  });
  const snapshots = createSnapshots(box);
  const qualify = createQualifier(env);
  const { login, probeFedoraLogin } = createLogin(box, snapshots, qualify, {
    useFkinit: options.useFkinit,
    tempDir: options.tempDir,
    coprRealm: options.coprRealm ?? FEDORA_REALM,
  });
  const { switchTo, renew, destroy, destroyAll } = createCacheActions(box, snapshots, qualify);
  const changePassword = createPasswordChange(box, snapshots, qualify, options.kpasswdTimeoutMs ?? 30_000);

  /** The MIT tools' version, for diagnostic reports (`klist -V`: "Kerberos 5 version 1.20.1"). */
  async function toolsVersion(): Promise<string | null> {
    const out = await box.tool('klist', ['-V']);
    return out.kind === 'exited' ? (/version\s+(\S+)/.exec(out.stdout)?.[1] ?? null) : null;
  }

  const { collection, status, listCollection, statusFromListing } = snapshots;
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
    changePassword,
    probeFedoraLogin,
    toolsVersion,
    env,
  };
}
