/** What the browser readers return; beside them so that no reader imports the entry module back. */

/** One browser configuration that was read, and what it means for the Copr host. */
export interface BrowserNegotiateStatus {
  readonly browser: 'firefox' | 'chromium' | 'chrome';
  /** The file or profile that was read; a note in parentheses says where the value came from or what was wrong. */
  readonly where: string;
  /** Whether the browser, configured like this, would answer the host's Negotiate challenge. */
  readonly allowed: boolean;
  /** The setting's value as found (host patterns, not a secret); null when unset or unreadable. */
  readonly value: string | null;
}

/** Everything found for one host. `browsersSeen` is false when no Firefox, Chromium or Chrome trace was found at all. */
export interface NegotiateReport {
  readonly host: string;
  readonly found: readonly BrowserNegotiateStatus[];
  readonly anyAllowed: boolean;
  readonly browsersSeen: boolean;
}

/** Which browser a status is about. */
export type Browser = BrowserNegotiateStatus['browser'];
