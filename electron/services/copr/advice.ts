/** What to do after a check, decided from what the check saw: pure, so each rule is tested on its own. */
import type {
  CoprAdvice,
  CoprConfigSummary,
  CoprFailure,
  CoprRemedy,
  CoprSemantics,
  ExpiredIdentity,
  IdentityChoice,
} from '../../../shared/copr.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';

export interface AdviceFacts {
  readonly config: Pick<CoprConfigSummary, 'coprUrl' | 'host'> | null;
  readonly semantics: CoprSemantics;
  readonly identity: IdentityChoice | null;
  /** Another ticket that works for the Copr host where the one GSSAPI picks did not. */
  readonly workingPrincipal: string | null;
  /** Whether the collection holds a usable ticket for the realm Copr needs. */
  readonly hasTicket: boolean;
  /** null: Copr confirmed a user. */
  readonly failure: CoprFailure | null;
  readonly staleSession: boolean;
  /** Copr confirmed a user through a saved session that hides a failing or different fresh login. */
  readonly sessionHides: boolean;
  /** The ticket GSSAPI would use is of Copr's realm but expired (see `expiredIdentityOf`). */
  readonly expired?: ExpiredIdentity | null;
}

export function adviceFor(facts: AdviceFacts): CoprAdvice {
  const expired = expiredStory(facts);
  return {
    identity: facts.identity,
    workingPrincipal: facts.workingPrincipal,
    remedies: remediesFor(facts),
    // Only where it is the story, so every other advice reads as it always did.
    ...(expired === null ? {} : { expired }),
  };
}

/** The expired ticket, when it is what made the Kerberos login fail (a token's failure is another story). */
function expiredStory(facts: AdviceFacts): ExpiredIdentity | null {
  const kind = facts.failure?.kind;
  const kerberosFailed = kind === 'no-ticket' || kind === 'gssapi-failed';
  return kerberosFailed && facts.identity !== null ? (facts.expired ?? null) : null;
}

/**
 * The identity GSSAPI would use, when it is of the realm Copr needs and its ticket has expired (and
 * no cache of the same principal holds a live one). Then the identity is right and only its ticket
 * is old: another realm's expired ticket is a wrong identity whatever its age.
 */
export function expiredIdentityOf(
  status: KrbStatus | null,
  identity: IdentityChoice,
  now: number,
): ExpiredIdentity | null {
  const principal = identity.wouldUse;
  const caches = (status?.caches ?? []).filter((c) => principal !== null && c.principal === principal);
  const expired = caches.find((c) => c.state === 'expired' && c.realm === identity.realm);
  if (!expired || caches.some((c) => c.state === 'valid' || c.state === 'expiring')) return null;
  const renewable = expired.renewUntil !== null && Date.parse(expired.renewUntil) > now;
  return { principal: principal!, expiredAt: expired.expires, renewable };
}

function remediesFor(facts: AdviceFacts): CoprRemedy[] {
  const { config, failure, workingPrincipal } = facts;
  const expired = expiredStory(facts);
  if (expired !== null) return expiredRemedies(expired, facts);
  // Clearing a session that hides a problem lets the next check (and copr-cli) meet it now.
  const clear: CoprRemedy[] = facts.sessionHides || facts.staleSession ? [{ kind: 'clear-session' }] : [];
  if (workingPrincipal !== null && config !== null)
    return [
      { kind: 'switch', principal: workingPrincipal },
      { kind: 'pin', principal: workingPrincipal, host: config.host },
      ...(failure === null ? clear : []),
    ];
  if (failure === null) return clear;
  switch (failure.kind) {
    case 'no-ticket':
      return [{ kind: 'log-in', realm: failure.realm }];
    case 'gssapi-failed':
      // Without a ticket for Copr's realm a login is the cure; with one, logging in again changes nothing.
      return facts.identity && !facts.hasTicket ? [{ kind: 'log-in', realm: facts.identity.realm }] : [];
    case 'token-rejected': {
      const getToken: CoprRemedy = { kind: 'get-token', url: failure.tokenUrl };
      return facts.hasTicket ? [{ kind: 'renew-token' }, getToken] : [getToken];
    }
    case 'new-user':
      return [{ kind: 'web-login', url: failure.loginUrl }];
    case 'gssapi-disabled':
      return [{ kind: 'gssapi-on', semantics: failure.semantics }];
    case 'session-cache-corrupt':
    case 'session-rejected':
      return [{ kind: 'clear-session' }];
    default:
      return [];
  }
}

/**
 * An expired ticket of the right identity: renew it while it may be renewed, else log in again;
 * a live ticket of Copr's realm in another cache is the second option. A pin outranks the primary,
 * so switching would not help a pinned identity.
 */
function expiredRemedies(expired: ExpiredIdentity, facts: AdviceFacts): CoprRemedy[] {
  const renew: CoprRemedy[] = expired.renewable ? [{ kind: 'renew', principal: expired.principal }] : [];
  const { realm, why } = facts.identity!;
  const other = facts.workingPrincipal;
  const switchTo: CoprRemedy[] =
    other !== null && why !== 'pinned' && realmOf(other) === realm ? [{ kind: 'switch', principal: other }] : [];
  return [...renew, { kind: 'log-in', realm }, ...switchTo];
}
