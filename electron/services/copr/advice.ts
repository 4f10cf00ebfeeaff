/** What to do after a check, decided from what the check saw: pure, so each rule is tested on its own. */
import type {
  CoprAdvice,
  CoprConfigSummary,
  CoprFailure,
  CoprRemedy,
  CoprSemantics,
  IdentityChoice,
} from '../../../shared/copr.js';

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
}

export function adviceFor(facts: AdviceFacts): CoprAdvice {
  return {
    identity: facts.identity,
    workingPrincipal: facts.workingPrincipal,
    remedies: remediesFor(facts),
  };
}

function remediesFor(facts: AdviceFacts): CoprRemedy[] {
  const { config, failure, workingPrincipal } = facts;
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
