/**
 * What the Copr services report: the client configuration as python-copr reads it, which login
 * method copr-cli and the Python API would each use, and the result of a real check against Copr.
 */

import type { Result } from './result.js';

/** Fedora's Copr: python-copr's default when `~/.config/copr` is missing. */
export const DEFAULT_COPR_URL = 'https://copr.fedorainfracloud.org';

/** How python-copr authenticates: an API token (Basic login:token), Kerberos (GSSAPI/SPNEGO), or not at all. */
export type CoprMethod = 'token' | 'gssapi' | 'none';

/** copr-cli turns GSSAPI on unless `gssapi = False`; the Python API (`create_from_config_file`) leaves it off unless `gssapi = True`. */
export type CoprSemantics = 'cli' | 'api';

/** `~/.config/copr` (or another profile's file) as python-copr reads it. Never holds the token itself. */
export interface CoprConfigSummary {
  readonly path: string;
  /** false: the default file is missing, so only `copr_url` has a (default) value. */
  readonly exists: boolean;
  readonly coprUrl: string;
  /** `host[:port]` of copr_url: the session cache's file name and the GSSAPI service host (without port). */
  readonly netloc: string;
  readonly host: string;
  readonly username: string | null;
  readonly login: string | null;
  readonly hasToken: boolean;
  /** From the `# expiration date: YYYY-MM-DD` comment Copr writes beside the token. */
  readonly tokenExpires: string | null;
  /** null when the key is absent (copr-cli then treats it as on, the Python API as off). */
  readonly gssapi: boolean | null;
  readonly encrypted: boolean;
}

/** Which method a client would use, and why, in words. */
export interface MethodChoice {
  readonly semantics: CoprSemantics;
  readonly method: CoprMethod;
  readonly reason: string;
}

/** A problem in a Copr config file, located where python-copr would only crash. */
export interface ConfigProblem {
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

/** Expected Copr failures, each with what the server or library said where there was something. */
export type CoprFailure =
  | { readonly kind: 'config-missing'; readonly path: string }
  | { readonly kind: 'config-invalid'; readonly problem: ConfigProblem }
  | { readonly kind: 'insecure-url'; readonly coprUrl: string }
  | { readonly kind: 'gssapi-disabled'; readonly semantics: CoprSemantics; readonly message: string }
  | { readonly kind: 'token-rejected'; readonly serverMessage: string; readonly tokenUrl: string }
  | { readonly kind: 'no-ticket'; readonly realm: string; readonly detail: string }
  | { readonly kind: 'gssapi-failed'; readonly principal: string | null; readonly detail: string }
  | { readonly kind: 'new-user'; readonly serverMessage: string; readonly loginUrl: string }
  | { readonly kind: 'forbidden'; readonly status: number; readonly serverMessage: string }
  | { readonly kind: 'session-rejected'; readonly serverMessage: string }
  | { readonly kind: 'not-json'; readonly status: number; readonly contentType: string }
  | { readonly kind: 'http-error'; readonly status: number; readonly serverMessage: string }
  | { readonly kind: 'timed-out'; readonly url: string; readonly seconds: number }
  | { readonly kind: 'unreachable'; readonly host: string; readonly detail: string }
  | { readonly kind: 'tls-failed'; readonly host: string; readonly detail: string }
  | { readonly kind: 'redirect-refused'; readonly from: string; readonly to: string }
  | { readonly kind: 'too-large'; readonly limitBytes: number }
  | { readonly kind: 'file-changed'; readonly path: string }
  | { readonly kind: 'write-failed'; readonly path: string; readonly detail: string }
  /** python-copr's session cache holds something copr-cli crashes on; `problem` says what, in words. */
  | { readonly kind: 'session-cache-corrupt'; readonly path: string; readonly problem: string }
  /**
   * A pin GSSAPI could not use for the host: not a full principal, or not in the realm the Copr
   * host's service lives in. `reason` is one sentence; `suggestion` the principal most likely meant.
   */
  | {
      readonly kind: 'pin-refused';
      readonly principal: string;
      readonly host: string;
      readonly realm: string | null;
      readonly reason: string;
      readonly suggestion?: string;
    };

export type CoprFailureKind = CoprFailure['kind'];

/** Which Kerberos identity GSSAPI picks for the Copr host, and why. */
export interface IdentityChoice {
  /** The principal GSSAPI would use by itself, or null when it has none to use. */
  readonly wouldUse: string | null;
  /** pinned: a `~/.k5identity` line for the host; host-realm: krb5.conf maps the host to a realm; primary: neither applies. */
  readonly why: 'pinned' | 'host-realm' | 'primary';
  /** The realm Copr's Kerberos login expects (FEDORAPROJECT.ORG for Fedora's Copr). */
  readonly realm: string;
}

/**
 * Something the user can do about a check's outcome. Data, not words: the CLI and the window each
 * say it in their own catalogue, and the window can turn some into buttons.
 */
export type CoprRemedy =
  /** Make this principal the primary identity, so GSSAPI picks it. */
  | { readonly kind: 'switch'; readonly principal: string }
  /** Pin this principal for the Copr host in `~/.k5identity`, whatever the primary. */
  | { readonly kind: 'pin'; readonly principal: string; readonly host: string }
  /** Get a ticket for the realm Copr expects. */
  | { readonly kind: 'log-in'; readonly realm: string }
  /** Renew the expired ticket GSSAPI would use, while its renewable life lasts (`kinit -R`). */
  | { readonly kind: 'renew'; readonly principal: string }
  /** Replace the API token with a new one fetched over a Kerberos login (`copr renew-token`). */
  | { readonly kind: 'renew-token' }
  /** Get a new API token from Copr's web page. */
  | { readonly kind: 'get-token'; readonly url: string }
  /** Log in to Copr's web interface once, which creates the account Copr does not know yet. */
  | { readonly kind: 'web-login'; readonly url: string }
  /** Remove python-copr's saved session, to see what copr-cli does without it. */
  | { readonly kind: 'clear-session' }
  /** Turn Kerberos on in the config (`gssapi = True`); for the Python API, a script can also do it. */
  | { readonly kind: 'gssapi-on'; readonly semantics: CoprSemantics };

export type CoprRemedyKind = CoprRemedy['kind'];

/**
 * The ticket GSSAPI would use for the Copr host is of the realm Copr needs, but it has expired: the
 * identity is the right one, only its ticket is old, so a renewal or a new login cures it.
 */
export interface ExpiredIdentity {
  readonly principal: string;
  /** When it expired (ISO 8601 UTC), when klist said. */
  readonly expiredAt: string | null;
  /** Whether it can still be renewed without a password (renew-until not yet passed). */
  readonly renewable: boolean;
}

/** What a check found out about what to do next. */
export interface CoprAdvice {
  /** Which principal GSSAPI would use for the Copr host, and why; null when the config could not be read. */
  readonly identity: IdentityChoice | null;
  /** When GSSAPI failed with that principal: another ticket in the collection that does work for the host. */
  readonly workingPrincipal: string | null;
  /** What would help, the most direct first; empty when nothing is to be done (or nothing we know of). */
  readonly remedies: readonly CoprRemedy[];
  /**
   * Set when the check failed because the ticket GSSAPI would use has expired: that, not the
   * identity, is the problem, and `workingPrincipal` (if any) is only the second option. Absent
   * otherwise.
   */
  readonly expired?: ExpiredIdentity | null;
}

/** Who Copr confirmed. */
export interface CoprConfirmation {
  /** The user Copr named: never empty. */
  readonly user: string;
  /** The Kerberos principal that authenticated (GSSAPI), when known. */
  readonly principal: string | null;
  /** A cached session answered although no valid ticket for the realm backs it. */
  readonly staleSession: boolean;
}

/**
 * Whether a Kerberos login made now would work, whatever the saved session says: the login
 * copr-cli, the browser and the next check make once the session is gone.
 */
export interface FreshLogin {
  /** The principal the login went out as (or would have), when known. */
  readonly principal: string | null;
  readonly ok: boolean;
  /** The Copr user the login named; null when it failed. */
  readonly user: string | null;
  /** null, or the failure as `copr check --json` prints errors. */
  readonly error: { readonly code: CoprFailureKind; readonly message: string } | null;
  /** The same failure as data, for words in another catalogue. */
  readonly failure: CoprFailure | null;
}

/** python-copr's saved session after the check: whom Copr knows through it, and until when. */
export interface SavedSession {
  readonly path: string;
  readonly user: string;
  /** ISO 8601 UTC: when python-copr stops reusing it. */
  readonly expiresAt: string;
}

/**
 * What a saved session that answered is hiding: `login-fails` when a fresh Kerberos login fails,
 * `other-user` when it names another Copr user than the session; null when nothing is hidden.
 */
export type HiddenIdentityProblem = 'login-fails' | 'other-user' | null;

/** How a check went, beside its outcome. */
export interface CoprCheckFacts {
  readonly coprUrl: string;
  readonly configPath: string;
  readonly semantics: CoprSemantics;
  /** The method tried, whatever came of it. */
  readonly method: CoprMethod;
  readonly durationMs: number;
  /** none: no session involved (token); reused: python-copr's cached session answered; created: a fresh GSSAPI login. */
  readonly session: 'none' | 'reused' | 'created';
  /** Copr refused the cached session, so a fresh login was tried (copr-cli) or the check failed (the Python API). */
  readonly sessionRejected: boolean;
  /** The saved session after the check; null when there is none (or the method is a token). */
  readonly savedSession: SavedSession | null;
  /** The Kerberos login checked on its own, also when a saved session answered; null when the method is not GSSAPI. */
  readonly freshLogin: FreshLogin | null;
  /** Set when Copr confirmed a user through a saved session that hides what a fresh login would meet. */
  readonly sessionHides: HiddenIdentityProblem;
  readonly advice: CoprAdvice;
}

/**
 * The one-click check: who Copr says you are, proven by an authenticated request (`ok: true`,
 * only when Copr named a user), or the one failure that stopped it (`ok: false`).
 */
export type CoprCheck = CoprCheckFacts & Result<CoprConfirmation, CoprFailure>;

/** Everything known about one Copr configuration without talking to Copr. */
export interface CoprOverview {
  readonly config: CoprConfigSummary;
  readonly cli: MethodChoice;
  readonly api: MethodChoice;
  readonly identity: IdentityChoice;
  /** The principal `~/.k5identity` pins for the Copr host, if any. */
  readonly pinned: string | null;
  /** The same pin with the host it is for, so a card can say "pinned for <host>"; null when nothing is pinned. */
  readonly pin: { readonly principal: string; readonly host: string } | null;
  /** python-copr's saved login session for this host (never the cookie itself). */
  readonly session: {
    readonly path: string;
    readonly name: string;
    readonly expiresAt: string;
    readonly valid: boolean;
  } | null;
  /** The session cache exists but copr-cli would crash reading it; null when it is fine or absent. */
  readonly sessionCorrupt: { readonly path: string; readonly problem: string } | null;
}
