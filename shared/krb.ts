import type { TicketOptions } from './ticket-options.js';

/**
 * What the Kerberos services report about the user's credential caches, and the failures they
 * return. Plain data: the CLI prints it as JSON (`status --json`), the desktop app sends it over IPC.
 * Times are absolute UTC instants as ISO 8601 strings.
 */

/** The realm Fedora accounts live in. */
export const FEDORA_REALM = 'FEDORAPROJECT.ORG';

/** Credential cache types MIT krb5 knows; `OTHER` for anything unrecognised. */
export type CcacheType = 'FILE' | 'DIR' | 'KEYRING' | 'KCM' | 'MEMORY' | 'API' | 'MSLSA' | 'OTHER';

export interface CollectionInfo {
  /** The collection (or single cache) name, as KRB5CCNAME or krb5.conf give it, e.g. `DIR:/run/user/1000/krb5cc`. */
  readonly name: string;
  readonly type: CcacheType;
  /** Whether it can hold several caches and so has a primary to switch (FILE cannot: a second kinit replaces the first). */
  readonly switchable: boolean;
}

/** Ticket flags, named after the letters `klist -f` prints. */
export type TicketFlag =
  | 'forwardable'
  | 'forwarded'
  | 'proxiable'
  | 'proxy'
  | 'may-postdate'
  | 'postdated'
  | 'renewable'
  | 'initial'
  | 'invalid'
  | 'hw-authenticated'
  | 'pre-authenticated'
  | 'transit-policy-checked'
  | 'ok-as-delegate'
  | 'anonymous';

export interface TicketInfo {
  /** The service principal, e.g. `krbtgt/FEDORAPROJECT.ORG@FEDORAPROJECT.ORG`. */
  readonly server: string;
  readonly starts: string;
  readonly expires: string;
  readonly renewUntil: string | null;
  readonly flags: readonly TicketFlag[];
  readonly sessionEnctype: string | null;
  readonly ticketEnctype: string | null;
}

/** valid; expiring (less than the warning window left); expired; empty (no ticket, or an uninitialised cache a failed kinit left behind). */
export type CacheState = 'valid' | 'expiring' | 'expired' | 'empty';

export interface CacheInfo {
  /** The cache name exactly as klist prints it (`DIR::/path/tktXXXX`); valid as KRB5CCNAME. */
  readonly cache: string;
  /** null for an uninitialised cache. */
  readonly principal: string | null;
  readonly realm: string | null;
  readonly primary: boolean;
  readonly state: CacheState;
  /** When the cache's ticket-granting ticket (else its last ticket) expires. */
  readonly expires: string | null;
  readonly renewUntil: string | null;
  readonly tickets: readonly TicketInfo[];
}

export interface KrbStatus {
  readonly collection: CollectionInfo;
  /** The primary cache's principal: the identity GSSAPI uses for hosts it cannot map to a realm. */
  readonly primary: string | null;
  readonly caches: readonly CacheInfo[];
  /** When this snapshot was taken. */
  readonly takenAt: string;
}

/** Which tool a failure came from. */
export type KrbTool = 'kinit' | 'klist' | 'kswitch' | 'kdestroy' | 'fkinit' | 'kpasswd';

/**
 * Expected Kerberos failures. `detail` is the tool's own message (its stderr, trimmed): it never
 * holds argv, a password or an OTP code.
 */
export type KrbFailure =
  /** Refused before anything was run: what the user typed cannot be right. */
  | {
      readonly kind: 'invalid-input';
      readonly field:
        'principal' | 'password' | 'otp' | 'lifetime' | 'renewableLifetime' | 'old-password' | 'new-password';
      readonly reason: string;
      /** The full principal the user most likely meant (a realm typed in the wrong case). */
      readonly suggestion?: string;
    }
  | { readonly kind: 'wrong-password'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'unknown-principal'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'realm-not-configured'; readonly realm: string; readonly detail: string }
  | { readonly kind: 'kdc-unreachable'; readonly realm: string; readonly detail: string }
  | { readonly kind: 'timed-out'; readonly tool: KrbTool; readonly seconds: number }
  | { readonly kind: 'ticket-expired'; readonly detail: string }
  | { readonly kind: 'not-renewable'; readonly detail: string }
  | { readonly kind: 'otp-rejected'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'otp-needs-armor'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'anonymous-pkinit-unavailable'; readonly realm: string; readonly detail: string }
  | { readonly kind: 'password-expired'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'account-disabled'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'account-expired'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'clock-skew'; readonly detail: string }
  | { readonly kind: 'no-such-cache'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'not-switchable'; readonly collection: CollectionInfo }
  | { readonly kind: 'tool-missing'; readonly tool: KrbTool }
  | { readonly kind: 'unexpected'; readonly tool: KrbTool; readonly exitCode: number | null; readonly detail: string };

export type KrbFailureKind = KrbFailure['kind'];

/** A password login. The password never leaves the main process except on a child's stdin. */
export interface LoginRequest {
  readonly principal: string;
  readonly password: string;
  /** The one-time code of a Fedora account with two-factor authentication; empty or absent if not enrolled. */
  readonly otp?: string;
  /** Fedora's flow: anonymous PKINIT armor, then an armored (FAST) login. */
  readonly fedora?: boolean;
  /**
   * Put the previous primary identity back right after the login (the window's "Make it the
   * primary identity", unchecked; the CLI's `--keep-primary`). Default false: kinit's own
   * behaviour, which makes the new identity primary.
   */
  readonly keepPrimary?: boolean;
  /** Lifetime, renewable lifetime and forwardable (kinit's -l, -r, -f/-F); absent ones are krb5.conf's. */
  readonly options?: TicketOptions;
}

/** Where the ticket a login got falls short of what its options asked: the KDC caps what it grants. */
export type GrantShortfall =
  | { readonly kind: 'lifetime'; readonly askedSeconds: number; readonly grantedSeconds: number }
  /** `grantedSeconds` null: the ticket is not renewable at all. */
  | { readonly kind: 'renewable-lifetime'; readonly askedSeconds: number; readonly grantedSeconds: number | null }
  | { readonly kind: 'not-forwardable' };

/** What the ticket-granting ticket a login got allows, read from the snapshot taken after it. */
export interface LoginGrant {
  /** The options the login asked for (empty when it left everything to krb5.conf). */
  readonly asked: TicketOptions;
  /** From its start to its expiry. */
  readonly lifetimeSeconds: number;
  /** From its start to its renew-until time; null when it is not renewable. */
  readonly renewableSeconds: number | null;
  readonly forwardable: boolean;
  /** Empty when the KDC granted all that was asked. */
  readonly shortfalls: readonly GrantShortfall[];
}

/** What became of a login's `keepPrimary`. */
export type KeepPrimaryOutcome =
  /** Not asked for: the login left the primary where kinit put it. */
  | 'not-asked'
  /** The login moved the primary, and the previous one was made primary again. */
  | 'restored'
  /** Nothing to restore: the primary did not move, or there was none before. */
  | 'not-needed'
  /** The previous primary could not be made primary again (see `moved`, `from` and `to`). */
  | 'failed';

/** Something the user can do to give Copr its identity back after a login moved the primary. */
export type PrimaryFix =
  /** Make this principal (the previous primary) the primary identity again. */
  | { readonly kind: 'switch'; readonly principal: string }
  /** Tell GSSAPI to use this principal for the Copr host, whatever the primary (~/.k5identity). */
  | { readonly kind: 'pin-copr'; readonly principal: string };

/** What a login did to the primary identity, from snapshots taken before and after it. */
export interface PrimaryMove {
  readonly from: string | null;
  readonly to: string | null;
  readonly moved: boolean;
  readonly keepPrimary: KeepPrimaryOutcome;
  /** The realm Copr's Kerberos login needs. */
  readonly coprRealm: string;
  /** The primary was in `coprRealm` before the login and is not after it: Copr will not know the user. */
  readonly leftCoprRealm: boolean;
  /** What would set it right; empty unless `leftCoprRealm`. */
  readonly fixes: readonly PrimaryFix[];
}

/** What a successful login, renewal or switch leaves behind. */
export interface KrbChange {
  /** The full principal acted on: a name typed without a realm is qualified with the default realm first. */
  readonly principal: string;
  readonly status: KrbStatus;
  /** The primary identity in the snapshot taken just before the action (always set by the Kerberos service). */
  readonly primaryBefore?: string | null;
  /** The primary identity in the snapshot taken after it (`status.primary`; always set by the Kerberos service). */
  readonly primaryAfter?: string | null;
  /** The cache the action worked on, as klist names it (set for renew and switch). */
  readonly cache?: string;
  /** Set for a login. */
  readonly primaryMove?: PrimaryMove;
  /** Set for a login whose ticket the snapshot shows: what the KDC granted, against what was asked. */
  readonly granted?: LoginGrant;
}

/** What a successful destroy of one identity leaves behind: the new snapshot, and what was destroyed. */
export interface KrbDestroyed extends KrbStatus {
  /** The full principal whose cache was destroyed. */
  readonly destroyed?: string;
  readonly primaryBefore?: string | null;
  readonly primaryAfter?: string | null;
}

/** Where a Fedora account's password is changed: Fedora runs no kpasswd service for its realm. */
export const FEDORA_ACCOUNTS_URL = 'https://accounts.fedoraproject.org/';

/**
 * A password change through kpasswd (not for Fedora accounts). The passwords never leave the main
 * process except on the stdin of kpasswd and of the kinit that checks the new one.
 */
export interface PasswordChangeRequest {
  readonly principal: string;
  readonly oldPassword: string;
  readonly newPassword: string;
}

/** A password change that the password server accepted and a login with the new password confirmed. */
export interface PasswordChanged {
  /** The full principal. */
  readonly principal: string;
  /** How success was decided: a login with the new password worked (in a throwaway cache). */
  readonly confirmedBy: 'new-password-login';
  readonly changedAt: string;
}

/**
 * Why a password change failed: any Kerberos failure (an unreachable KDC, an unknown or disabled
 * account, a timeout, ...) or one only a password change has. `serverText` is the password server's
 * own explanation, with control characters escaped and its length bounded: it may say more than our
 * sentence (the minimum length, the date from which a change is allowed).
 */
export type PasswordChangeFailure =
  | KrbFailure
  /** A Fedora account: its password is changed at `url`, not through kpasswd. */
  | { readonly kind: 'fedora-account'; readonly principal: string; readonly url: string }
  | { readonly kind: 'wrong-old-password'; readonly principal: string; readonly detail: string }
  | { readonly kind: 'password-too-short'; readonly minLength: number | null; readonly serverText: string }
  | { readonly kind: 'password-too-simple'; readonly minClasses: number | null; readonly serverText: string }
  | { readonly kind: 'password-reused'; readonly serverText: string }
  | { readonly kind: 'password-changed-too-recently'; readonly serverText: string }
  /** Refused for a reason we do not recognise (a dictionary word, a site's own rule): see `serverText`. */
  | { readonly kind: 'password-rejected'; readonly serverText: string }
  /** The KDC answered, but the password-change service (kadmind's kpasswd port) did not. */
  | { readonly kind: 'password-server-unreachable'; readonly realm: string; readonly detail: string }
  /** kpasswd said "Password changed." but a login with the new password did not work. */
  | { readonly kind: 'change-not-confirmed'; readonly principal: string; readonly detail: string };

export type PasswordChangeFailureKind = PasswordChangeFailure['kind'];
