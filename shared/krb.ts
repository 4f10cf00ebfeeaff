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
export type KrbTool = 'kinit' | 'klist' | 'kswitch' | 'kdestroy' | 'fkinit';

/**
 * Expected Kerberos failures. `detail` is the tool's own message (its stderr, trimmed): it never
 * holds argv, a password or an OTP code.
 */
export type KrbFailure =
  /** Refused before anything was run: what the user typed cannot be right. */
  | { readonly kind: 'invalid-input'; readonly field: 'principal' | 'password' | 'otp'; readonly reason: string }
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
}

/** What a successful login, renewal or switch leaves behind. */
export interface KrbChange {
  readonly principal: string;
  readonly status: KrbStatus;
}
