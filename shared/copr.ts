/**
 * What the Copr services report: the client configuration as python-copr reads it, which login
 * method copr-cli and the Python API would each use, and the result of a real check against Copr.
 */

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
  | { readonly kind: 'write-failed'; readonly path: string; readonly detail: string };

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

/** The one-click check: who Copr says you are, proven by an authenticated request. */
export interface CoprCheck {
  readonly coprUrl: string;
  readonly configPath: string;
  readonly semantics: CoprSemantics;
  readonly method: CoprMethod;
  /** True only when Copr confirmed a user. */
  readonly ok: boolean;
  readonly user: string | null;
  /** The Kerberos principal that authenticated (GSSAPI), when known. */
  readonly principal: string | null;
  readonly error: null | { readonly code: CoprFailureKind; readonly message: string };
  readonly failure: CoprFailure | null;
  readonly durationMs: number;
  /** none: no session involved (token); reused: python-copr's cached session answered; created: a fresh GSSAPI login. */
  readonly session: 'none' | 'reused' | 'created';
  /** A cached session answered although no valid ticket for the realm backs it. */
  readonly staleSession: boolean;
  /** Copr refused the cached session, so a fresh login was tried. */
  readonly sessionRejected: boolean;
  readonly identity: IdentityChoice | null;
  /** When GSSAPI failed: another cache in the collection that does work for this host. */
  readonly workingPrincipal: string | null;
  /** Plain-language advice for what to do next, if anything. */
  readonly advice: string | null;
}

/** Everything known about one Copr configuration without talking to Copr. */
export interface CoprOverview {
  readonly config: CoprConfigSummary;
  readonly cli: MethodChoice;
  readonly api: MethodChoice;
  readonly identity: IdentityChoice;
  /** The principal `~/.k5identity` pins for the Copr host, if any. */
  readonly pinned: string | null;
  /** python-copr's saved login session for this host (never the cookie itself). */
  readonly session: {
    readonly path: string;
    readonly name: string;
    readonly expiresAt: string;
    readonly valid: boolean;
  } | null;
}
