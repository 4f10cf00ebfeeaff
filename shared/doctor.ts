/**
 * The troubleshooter's findings: each login problem named in plain words, with the evidence seen
 * and the fixes the app can apply. `doctor --json` prints these field names; they are fixed.
 */

export type Severity = 'error' | 'warning' | 'info';

/** The finding ids scripts may rely on. More may be added. */
export type FindingId =
  | 'no-ticket'
  | 'ticket-expired'
  | 'ticket-expiring'
  | 'renew-until-near'
  | 'wrong-primary'
  | 'collection-unsupported'
  | 'token-priority'
  | 'token-rejected'
  | 'token-expiring'
  | 'gssapi-disabled'
  | 'api-gssapi-off'
  | 'config-invalid'
  | 'copr-new-user'
  | 'stale-session'
  | 'session-hides-identity-problem'
  | 'session-cache-corrupt'
  | 'realm-not-configured'
  | 'kdc-unreachable'
  | 'otp-needs-armor'
  | 'clock-skew'
  | 'password-expired'
  | 'wrong-password'
  | 'browser-negotiate'
  | 'tools-missing'
  | 'copr-unreachable'
  | 'copr-error'
  | 'ccache-type-unknown'
  | 'kcm-unavailable'
  | 'k5tls-missing'
  | 'kdc-proxy-unreachable'
  | 'kdc-proxy-untrusted'
  | 'kdc-proxy-error'
  | 'sssd-renews-tickets';

export interface Fix {
  readonly id: string;
  readonly label: string;
  /** The equivalent `ticket-tray` command line, for scripts and for users who prefer a terminal. */
  readonly command: readonly string[];
  /** Fixes that need a password (a login) cannot be applied without asking the user. */
  readonly needsPassword?: boolean;
}

export interface Finding {
  readonly id: FindingId;
  readonly severity: Severity;
  readonly title: string;
  readonly detail: string;
  /** What was seen, one fact per line (never a secret). */
  readonly evidence: readonly string[];
  readonly fixes: readonly Fix[];
}

export interface DoctorReport {
  readonly findings: readonly Finding[];
  readonly checkedAt: string;
}

/** What applying a fix changed, in words. */
export interface FixOutcome {
  readonly fixId: string;
  readonly ok: boolean;
  readonly message: string;
  /** For fixes that are a web page to visit: the app opens it, the CLI prints it. */
  readonly url?: string;
  /**
   * Set when Copr issued a new API token that could not be written into the config: Copr no longer
   * accepts the old one, so this is the user's only copy. Shown once, never logged or stored.
   */
  readonly unsavedToken?: UnsavedApiToken;
}

/** The lines to paste into the `[copr-cli]` section of the config at `path`. */
export interface UnsavedApiToken {
  readonly path: string;
  readonly login: string;
  readonly token: string;
  readonly expires: string;
}

/** What changed on this computer since the last diagnosis: a Copr check taken before it is outdated. */
export type LocalChange = 'primary' | 'tickets' | 'pins' | 'config' | 'session';

/**
 * The diagnosis main keeps current and pushes to the window: after every change of the collection
 * (also from a terminal), the pins, the Copr config or the saved session, main runs the doctor
 * without the network (tickets, files, krb5.conf); "Run again" asks Copr and the KDC too.
 */
export interface Diagnosis {
  readonly report: DoctorReport;
  /** true: Copr and the KDC were asked too; false: this computer only. */
  readonly network: boolean;
  /** The active Copr profile's host, the realm its Kerberos login needs and the principal `~/.k5identity` pins for it; null when its config cannot be read. */
  readonly copr: { readonly host: string; readonly realm: string; readonly pinned: string | null } | null;
  /** The last change main saw, numbered so the window can tell whether a Copr check came before it; null before any. */
  readonly change: { readonly serial: number; readonly kind: LocalChange; readonly at: string } | null;
}
