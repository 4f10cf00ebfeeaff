/**
 * Which pins can work: GSSAPI uses a `~/.k5identity` pin for the Copr host only to fetch a service
 * ticket for `HTTP/<host>@<realm>`, so a pin in another realm than the one the host's service lives
 * in never logs anyone in; it only hides the ticket that would. Pure, so each rule is tested alone.
 */
import { DEFAULT_COPR_URL } from '../../../shared/copr.js';
import { FEDORA_REALM } from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';

/** Fedora's Copr, whose service lives in FEDORAPROJECT.ORG although Fedora's krb5.conf snippet does not map it. */
export const FEDORA_COPR_HOST = new URL(DEFAULT_COPR_URL).hostname;

/** What tells the realm of a Copr host's service, strongest first. */
export interface HostRealmClues {
  readonly host: string;
  /** The realm krb5.conf's `[domain_realm]` maps the host to. */
  readonly mappedRealm: string | null;
  /** The realm of a ticket that did get a service ticket for the host. */
  readonly workingRealm: string | null;
}

/** Where the realm came from, for the refusal's words. */
export type RealmSource = 'fedora' | 'krb5.conf' | 'working-ticket' | 'default';

/**
 * The realm the host's Copr service lives in, and how we know. With no clue at all it is
 * Fedora's, as everywhere else in the app: Copr's Kerberos login is Fedora's unless told otherwise.
 */
export function serviceRealm(clues: HostRealmClues): { realm: string; source: RealmSource } {
  if (clues.mappedRealm !== null) return { realm: clues.mappedRealm, source: 'krb5.conf' };
  if (clues.host === FEDORA_COPR_HOST) return { realm: FEDORA_REALM, source: 'fedora' };
  if (clues.workingRealm !== null) return { realm: clues.workingRealm, source: 'working-ticket' };
  return { realm: FEDORA_REALM, source: 'default' };
}

/** Whether the realm is settled without asking GSSAPI which ticket works for the host. */
export const realmKnownWithoutProbe = (clues: Omit<HostRealmClues, 'workingRealm'>): boolean =>
  clues.mappedRealm !== null || clues.host === FEDORA_COPR_HOST;

const HOW_KNOWN: Readonly<Record<RealmSource, string>> = {
  fedora: "Fedora's Copr",
  'krb5.conf': 'krb5.conf maps the host there',
  'working-ticket': 'your ticket in that realm works for it',
  default: 'krb5.conf maps the host to no realm, so Copr expects a Fedora login',
};

/** Why a full principal cannot be pinned for the host, in one sentence, or null when it can. */
export function pinProblem(principal: string, clues: HostRealmClues): string | null {
  const wanted = serviceRealm(clues);
  if (realmOf(principal) === wanted.realm) return null;
  return `Copr at ${clues.host} lives in ${wanted.realm} (${HOW_KNOWN[wanted.source]}), so a pin for ${principal} cannot log you in; pin a ${wanted.realm} principal instead.`;
}
