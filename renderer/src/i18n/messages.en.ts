/**
 * The English message catalogue: every user-facing string of the renderer, by key. Plain strings,
 * or functions where something is filled in. A translation is another object of type `Messages`
 * (the compiler then demands every key, with the same arguments).
 *
 * Data shown as is (principals, realms, paths, and the words main sends: finding titles, fix
 * labels, method reasons, activity messages) is not in here.
 */
import type { CoprFailure, CoprRemedy, ExpiredIdentity, IdentityChoice } from '../../../shared/copr';
import type { LocalChange } from '../../../shared/doctor';
import { formatDuration } from '../../../shared/duration';
import type { KrbFailure, PasswordChangeFailure, PrimaryMove } from '../../../shared/krb';
import { describeKrbFailure, describePrimaryMove } from '../../../shared/krb-messages';
import { describePasswordChangeFailure } from '../../../shared/password-messages';
import { assertNever } from '../../../shared/result';
import { formatDate, formatDateTime } from '../lib/time-format';

/** "30, 10, and 5 minutes", "1 minute": warning times, largest first, in words. */
function minutesList(minutes: readonly number[]): string {
  const unit = minutes.length === 1 && minutes[0] === 1 ? 'minute' : 'minutes';
  return `${list.format(minutes.map(String))} ${unit}`;
}

/** What changed, as the end of "Checked before … changed". */
const CHANGED: Readonly<Record<LocalChange, string>> = {
  primary: 'the primary',
  tickets: 'your tickets',
  pins: 'the pins in ~/.k5identity',
  config: 'the Copr configuration',
  session: 'the saved Copr session',
};

/** Lists are joined with this catalogue's words ("a, b and c"), so in its language. */
const list = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });
const alternatives = new Intl.ListFormat('en', { style: 'long', type: 'disjunction' });

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** One plain sentence for each Copr failure; the server's own words are quoted where it said something. */
function coprFailure(f: CoprFailure): string {
  switch (f.kind) {
    case 'config-missing':
      return `File ${f.path} is missing.`;
    case 'config-invalid':
      return `The Copr configuration ${f.problem.path}${f.problem.line === null ? '' : ` (line ${f.problem.line})`} cannot be read: ${f.problem.message}`;
    case 'insecure-url':
      return `The Copr address ${f.coprUrl} is not encrypted (http://). Use https://, or set "encrypted = False" if this instance really has no HTTPS.`;
    case 'gssapi-disabled':
      return f.semantics === 'cli'
        ? 'No API token is configured and Kerberos (GSSAPI) is turned off with "gssapi = False", so copr-cli cannot log in.'
        : `The Python API has no way to log in: ${f.message}.`;
    case 'token-rejected':
      return `Copr refused the API token: "${f.serverMessage}"`;
    case 'no-ticket':
      return `Copr did not get a usable Kerberos ticket for ${f.realm}.`;
    case 'gssapi-failed':
      // GSSAPI's own text is long and technical: it is shown folded, as the failure's details.
      return `Kerberos could not log in to Copr${f.principal ? ` as ${f.principal}` : ''}.`;
    case 'new-user':
      return 'Kerberos works, but Copr has never seen this account.';
    case 'forbidden':
      return `Copr refused access (${f.status}): "${f.serverMessage}"`;
    case 'session-rejected':
      return `Copr no longer accepts the saved login session: "${f.serverMessage}"`;
    case 'not-json':
      return `Copr answered with something that is not the API (HTTP ${f.status}, ${f.contentType || 'no content type'}). A proxy or captive portal may be in the way.`;
    case 'http-error':
      return `Copr answered with an error (HTTP ${f.status})${f.serverMessage ? `: "${f.serverMessage}"` : '.'}`;
    case 'timed-out':
      return `Copr did not answer within ${f.seconds} seconds (${f.url}).`;
    case 'unreachable':
      return `Copr at ${f.host} cannot be reached (${f.detail}). Check your network connection.`;
    case 'tls-failed':
      return `The secure connection to ${f.host} failed (${f.detail}): its certificate is not trusted.`;
    case 'redirect-refused':
      return `Copr redirected to another address (${f.to}); credentials are never sent there, so the check stopped.`;
    case 'too-large':
      return `Copr's answer was larger than ${Math.round(f.limitBytes / 1024)} KiB, which no login answer is; the check stopped.`;
    case 'file-changed':
      return `${f.path} was changed by another program since it was read; nothing was written. Try again.`;
    case 'write-failed':
      return `${f.path} could not be written: ${f.detail}`;
    case 'session-cache-corrupt':
      return `The saved Copr session ${f.path} is damaged (${f.problem}): copr-cli stops with an error on every command until it is cleared.`;
    case 'pin-refused':
      return `Not pinned: ${f.reason}`;
    default:
      return assertNever(f, 'Copr failure');
  }
}

/** One thing to do after a check, as a clause that "What to do:" can list. */
function coprRemedy(r: CoprRemedy): string {
  switch (r.kind) {
    case 'switch':
      return `make ${r.principal} primary`;
    case 'pin':
      return `pin ${r.principal} for ${r.host}`;
    case 'log-in':
      return `log in to ${r.realm} (Get Fedora ticket), then check again`;
    case 'renew':
      return `renew the ticket of ${r.principal}`;
    case 'renew-token':
      return 'get a new API token through your Kerberos login (Troubleshoot offers it)';
    case 'get-token':
      return `get a new API token at ${r.url}`;
    case 'web-login':
      return `log in once through the web page (${r.url}, "log in"), then try again`;
    case 'clear-session':
      return 'clear the saved session to see what copr-cli will do once it expires';
    case 'gssapi-on':
      return r.semantics === 'cli'
        ? 'set gssapi = True in the config'
        : 'set gssapi = True in the config, or client.config["gssapi"] = True in your script';
    default:
      return assertNever(r, 'Copr remedy');
  }
}

/** The same story main's doctor tells of an expired ticket of the right identity (see the Copr service's messages). */
function expiredIdentity(expired: ExpiredIdentity, realm: string, other: string | null): string {
  const cure = expired.renewable
    ? `has expired: renew it, or log in to ${realm} again`
    : `has expired and can no longer be renewed: log in to ${realm} again`;
  const second = other === null ? '' : `; or make ${other} primary, whose ${realm} ticket is still valid`;
  return `The ticket of ${expired.principal}, the identity Copr uses, ${cure}${second}.`;
}

const WHY_SHORT: Readonly<Record<IdentityChoice['why'], string>> = {
  pinned: 'pinned in ~/.k5identity',
  'host-realm': 'by host realm',
  primary: 'primary',
};

const catalogue = {
  'app.title': 'Ticket Tray',
  'app.noApi': 'Ticket Tray could not reach its background service. Open this window from the Ticket Tray app.',

  // Formatting. The duration and failure sentences come from shared/ today (the CLI prints the
  // same English words); they are wrapped here so that a translation can replace them.
  // Dates and times follow the system's locale, whatever the language of the words (lib/time-format.ts).
  'format.dateTime': (iso: string) => formatDateTime(iso),
  /** A calendar date such as Copr's token expiry (`YYYY-MM-DD`, no time zone). */
  'format.date': (isoDate: string) => formatDate(isoDate),
  'format.duration': (ms: number) => formatDuration(ms),
  // Under a second in milliseconds: a fast check must not read "0.0 s".
  'format.seconds': (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`),
  'format.list': (items: readonly string[]) => list.format(items),

  'failure.krb': (failure: KrbFailure) => describeKrbFailure(failure),
  'failure.password': (failure: PasswordChangeFailure) => describePasswordChangeFailure(failure),
  'failure.copr': (failure: CoprFailure) => coprFailure(failure),
  'failure.unknownKind': (kind: string) => `The operation failed (${kind}).`,
  'failure.settings': (reason: string) => `The settings were not saved: ${reason}`,
  'failure.exception': 'Something went wrong inside Ticket Tray. Try again; if it keeps happening, restart the app.',
  'failure.forbidden': 'Ticket Tray refused the request because it did not come from its own window.',
  'failure.invalidRequest': 'Ticket Tray refused the request as malformed. This is a bug; please report it.',
  'failure.notAllowed': (url: string) => `Ticket Tray only opens Copr and Fedora account pages, not ${url}.`,
  'failure.details': 'Technical details',
  /** Read before a failure sentence by screen readers (the icon beside it is hidden from them). */
  'failure.prefix': 'Problem:',

  'severity.error': 'Problem',
  'severity.warning': 'Warning',
  'severity.info': 'Note',

  'notice.noTray':
    'Your desktop shows no tray icon, so Ticket Tray runs as this window: closing it quits the app. On GNOME, the AppIndicator extension brings the tray icon.',
  'notice.firstRun': 'Welcome! Ticket Tray lives in the tray: close this window and the tray icon brings it back.',
  'notice.dismiss': 'Dismiss',

  'nav.label': 'Views',
  'nav.identities': 'Identities',
  'nav.login': 'Log in',
  'nav.copr': 'Copr',
  'nav.troubleshoot': 'Troubleshoot',
  'nav.problemCount': (n: number) => new Intl.NumberFormat('en').format(n),
  /** Follows the tab's name for screen readers: "Troubleshoot, 2 problems". */
  'nav.problems': (n: number) => (n === 1 ? ', 1 problem' : `, ${n} problems`),
  'nav.activity': 'Activity',
  'nav.settings': 'Settings',

  'toast.region': 'Notifications',
  'toast.close': 'Close',
  'toast.dismiss': (text: string) => `Close: ${text}`,
  'toast.errorRegion': 'Problems',
  'toast.landmark': 'Messages',
  /** How many times the same message came, shown beside it once. */
  'toast.count': (n: number) => `(${n} times)`,

  // Identities
  'collection.line': (name: string, type: string) => `Collection: ${name} (${type})`,
  'collection.switchable':
    'It can hold several identities; the primary one is what Kerberos uses for hosts it cannot match to a realm.',
  'collection.single': 'It holds one identity: a ticket for another realm replaces it.',
  'identities.empty.title': 'No tickets',
  'identities.empty.body': 'You have no Kerberos tickets. Log in to get one.',
  'identities.getFedora': 'Get Fedora ticket…',
  'identities.getOther': 'Get ticket for another realm…',
  'identity.uninitialised': 'Empty cache (left behind by a failed login)',
  'identity.realmLabel': 'Realm',
  'identity.primary': 'Primary',
  'identity.stateLabel': 'State:',
  'state.valid': 'Valid',
  'state.expiring': 'Expiring soon',
  'state.expired': 'Expired',
  'state.empty': 'No ticket',
  'identity.timeLeft': (left: string) => `${left} left`,
  'identity.timeLeftLabel': 'Time left',
  'identity.timeLeftLine': (left: string, date: string) => `${left} left, until ${date}`,
  'identity.expiredLine': (ago: string, date: string) => `Expired ${ago} ago, on ${date}`,
  'identity.renewUntil': (date: string, left: string) => `Renewable until ${date} (${left} left)`,
  'identity.renewOver': (date: string) => `Renewal period ended ${date}; log in again`,
  'identity.notRenewable': 'Not renewable',
  'identity.flags': (flags: string) => `Flags: ${flags}`,
  'identity.showTickets': (n: number) => (n === 1 ? 'Show the ticket' : `Show the ${n} tickets`),
  'identity.hideTickets': (n: number) => (n === 1 ? 'Hide the ticket' : `Hide the ${n} tickets`),
  // The buttons' names start with their visible words, and say whose tickets they are.
  'identity.showTicketsOf': (n: number, principal: string) =>
    n === 1 ? `Show the ticket of ${principal}` : `Show the ${n} tickets of ${principal}`,
  'identity.hideTicketsOf': (n: number, principal: string) =>
    n === 1 ? `Hide the ticket of ${principal}` : `Hide the ${n} tickets of ${principal}`,
  'identity.summarySeparator': ', ',
  'identity.showDetails': 'Details',
  'identity.hideDetails': 'Hide details',
  'identity.showDetailsOf': (principal: string) => `Details of ${principal}`,
  'identity.hideDetailsOf': (principal: string) => `Hide details of ${principal}`,
  'identities.filter': 'Filter identities',
  'identities.filterHint': 'Part of a name or realm, for example FEDORAPROJECT.ORG.',
  'identities.filterCount': (shown: number, total: number) =>
    shown === total ? `All ${total} identities shown.` : `${shown} of ${total} identities shown.`,
  'identities.filterNone': (query: string) => `No identity matches “${query}”.`,
  'identities.listLabel': 'Identities, primary first',
  'identities.banner.fixes': 'Fix it:',
  'identity.pinnedFor': (host: string) => `Pinned for ${host}`,
  'flag.none': 'none',
  'flag.forwardable': 'forwardable',
  'flag.forwarded': 'forwarded',
  'flag.proxiable': 'proxiable',
  'flag.proxy': 'proxy',
  'flag.may-postdate': 'may be postdated',
  'flag.postdated': 'postdated',
  'flag.renewable': 'renewable',
  'flag.initial': 'initial',
  'flag.invalid': 'invalid',
  'flag.hw-authenticated': 'hardware-authenticated',
  'flag.pre-authenticated': 'pre-authenticated',
  'flag.transit-policy-checked': 'transit policy checked',
  'flag.ok-as-delegate': 'OK as delegate',
  'flag.anonymous': 'anonymous',
  'tickets.caption': (principal: string) => `Tickets of ${principal}`,
  'tickets.service': 'Service',
  'tickets.starts': 'Starts',
  'tickets.expires': 'Expires',
  'tickets.renewUntil': 'Renew until',
  'tickets.flags': 'Flags',
  'tickets.enctypes': 'Encryption',
  'tickets.enctypePair': (session: string, ticket: string) => `session ${session}, ticket ${ticket}`,
  'tickets.unknown': 'unknown',
  'tickets.notRenewable': 'not renewable',
  'tickets.none': 'This cache holds no tickets.',
  'action.makePrimary': 'Make primary',
  'action.makePrimaryFor': (principal: string) => `Make primary: ${principal}`,
  'action.renew': 'Renew',
  'action.renewFor': (principal: string) => `Renew: ${principal}`,
  'action.logInAgain': 'Log in again',
  'action.logInAgainFor': (principal: string) => `Log in again: ${principal}`,
  'action.destroy': 'Destroy',
  'action.destroyFor': (principal: string) => `Destroy: ${principal}`,
  'action.destroyAll': 'Destroy all…',
  'action.changePassword': 'Change password…',
  'action.changePasswordFor': (principal: string) => `Change password…: ${principal}`,
  'action.changePasswordFedora': 'Change password at Fedora Accounts',
  'action.changePasswordFedoraFor': (principal: string) => `Change password at Fedora Accounts: ${principal}`,
  'password.title': (principal: string) => `Change the password of ${principal}`,
  'password.intro': "The realm's password server checks the new password against its rules.",
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.repeat': 'New password again',
  'password.submit': 'Change password',
  'password.close': 'Close',
  'password.cancel': 'Cancel',
  'password.busy': 'Changing the password…',
  'password.changed': (principal: string) =>
    `The password of ${principal} was changed, and logging in with it works. Your tickets stay valid until they expire.`,
  'password.emptyCurrent': 'Type your current password.',
  'password.emptyNew': 'Type the new password.',
  'password.mismatch': 'The two new passwords differ. Type the new password again.',
  'password.serverSaid': (text: string) => `The password server said: ${text}`,
  'password.fedoraLink': 'Open Fedora Accounts',
  'action.refresh': 'Refresh',
  'confirm.cancel': 'Cancel',
  'confirm.destroy.title': (principal: string) => `Destroy the tickets of ${principal}?`,
  'confirm.destroy.body': 'Services that use this identity will stop recognising you until you log in again.',
  'confirm.destroy.confirm': 'Destroy',
  'confirm.destroyAll.title': 'Destroy all tickets?',
  'confirm.destroyAll.body':
    'Every identity in the collection is logged out. You will need your passwords (and codes) to log in again.',
  'confirm.destroyAll.confirm': 'Destroy all',
  'busy.loading': 'Reading your tickets…',
  'busy.login': (principal: string) => `Getting a ticket for ${principal}…`,
  'busy.switch': (principal: string) => `Making ${principal} primary…`,
  'busy.renew': (principal: string) => `Renewing the ticket of ${principal}…`,
  'busy.renewPrimary': 'Renewing the primary ticket…',
  'busy.destroy': (principal: string) => `Destroying the tickets of ${principal}…`,
  'busy.destroyAll': 'Destroying all tickets…',
  'done.login': (principal: string) => `Got a ticket for ${principal}.`,
  'done.switch': (principal: string) => `${principal} is now the primary identity.`,
  'done.loginMoved': (principal: string, moved: string) => `Got a ticket for ${principal}. ${moved}`,
  'done.loginShort': (principal: string, short: string) => `Got a ticket for ${principal}. ${short}`,
  'done.renew': (principal: string) => `Renewed the ticket of ${principal}.`,
  'done.renewCapped': (principal: string, until: string) =>
    `Renewed ${principal}, but only until ${formatDateTime(until)}: the ticket cannot be renewed past its renewable limit.`,
  'done.destroy': (principal: string) => `Destroyed the tickets of ${principal}.`,
  'done.destroyAll': 'Destroyed all tickets.',
  'next.logIn': 'Log in again',
  'next.troubleshoot': 'Open Troubleshoot',
  'next.useFedora': 'Use the Fedora login',
  'next.fedoraAccounts': 'Open Fedora Accounts',

  // Log in
  'login.kind': 'Account',
  'login.kind.fedora': 'Fedora account',
  'login.kind.other': 'Other realm',
  'login.fasUser': 'FAS username',
  'login.fasUserHint': (realm: string) => `Your Fedora Account System name; the ticket is for name@${realm}.`,
  'login.fedoraOtherRealm': 'Enter only your Fedora account name. For another realm, choose "Other realm".',
  'login.principal': 'Principal',
  'login.principalHint': 'For example alice@EXAMPLE.COM. Without "@REALM", the default realm of krb5.conf is used.',
  'login.password': 'Password',
  'login.passwordMissing': 'Enter your password.',
  'login.otp': 'One-time code (OTP)',
  'login.otpHint': 'Leave blank if not enrolled in two-factor authentication.',
  'login.submitFedora': 'Get Fedora ticket',
  'login.submit': 'Get ticket',
  'login.progressLabel': 'Logging in',
  'login.makePrimary': 'Make it the primary identity',
  'login.makePrimary.hint':
    'The new identity becomes the primary one, which Copr and other Kerberos programs use for hosts krb5.conf does not map to a realm.',
  'login.makePrimary.leavesCopr': (realm: string) =>
    `Copr needs an identity in ${realm}: it will not know you until the primary is switched back.`,
  'login.keepPrimary.hint': (primary: string) =>
    `${primary} stays the primary identity; the new ticket is kept beside it.`,
  /** What a login did to the primary identity, when it moved it away from the one Copr needs. */
  'login.moved': (move: PrimaryMove) => describePrimaryMove(move) ?? '',
  'login.fix.switch': (principal: string) => `Make ${principal} primary again`,
  'login.fix.pin': (principal: string) => `Pin ${principal} for Copr`,
  'login.fixed.switch': (principal: string) => `${principal} is the primary identity again.`,
  'login.fixed.pin': (principal: string) => `Copr now uses ${principal}, whatever the primary identity is.`,
  'login.options': 'Options',
  'login.lifetime': 'Lifetime',
  'login.renewableLifetime': 'Renewable lifetime',
  'login.durationHint': 'For example 10h, 1d or 1h30m. Leave empty for the default of krb5.conf.',
  'login.forwardable': 'Forwardable',
  'login.forwardable.default': 'As krb5.conf says',
  'login.forwardable.yes': 'Yes',
  'login.forwardable.no': 'No',
  'login.forget': (principal: string) => `Forget ${principal}`,

  // Copr
  'copr.profile': 'Copr profile',
  'copr.busy.overview': 'Reading the Copr configuration…',
  'copr.busy.check': 'Asking Copr who you are…',
  'copr.busy.clearSession': 'Clearing the saved session…',
  'copr.busy.pin': 'Pinning the identity…',
  'copr.busy.unpin': 'Removing the pin…',
  'copr.busy.gssapi': 'Changing the configuration…',
  'copr.config.heading': 'Configuration',
  'copr.config.path': (path: string) => `Config file: ${path}`,
  'copr.config.missing': 'This file does not exist, so python-copr uses its defaults.',
  'copr.config.url': (url: string) => `Copr address: ${url}`,
  'copr.config.user': (user: string) => `User in the config: ${user}`,
  'copr.config.token.none': 'No API token.',
  'copr.config.token.present': 'An API token is set (its expiry date is not noted).',
  'copr.config.token.expires': (date: string, left: string) => `The API token expires on ${date} (in ${left}).`,
  'copr.config.token.expired': (date: string) => `The API token expired on ${date}.`,
  'copr.methods.heading': 'How each client logs in',
  'copr.methods.would': (client: string, method: string) => `${client} would use ${method}`,
  'copr.method.token': 'the API token',
  'copr.method.gssapi': 'Kerberos (GSSAPI)',
  'copr.method.none': 'no login at all',
  'copr.semantics.cli': 'copr-cli',
  'copr.semantics.api': 'the Python API',
  'copr.identity.line': (principal: string, host: string, why: string) =>
    `For ${host}, Kerberos would use ${principal} (${why}).`,
  'copr.identity.none': (host: string, realm: string) =>
    `For ${host}, Kerberos has no ticket to use. Copr expects one for ${realm}.`,
  'copr.identity.wrongRealm': (realm: string) => `Copr expects a ticket for ${realm}, so this login would fail.`,
  'copr.identity.why.pinned': 'pinned in ~/.k5identity',
  'copr.identity.why.hostRealm': 'krb5.conf maps the host to its realm',
  'copr.identity.why.primary': 'it is the primary identity',
  'copr.workingAlternative': (identity: IdentityChoice, working: string) =>
    `Copr would use ${identity.wouldUse ?? 'no ticket'} (${WHY_SHORT[identity.why]}); your ticket ${working} works: make it primary, or pin it for this host.`,
  'copr.expiredIdentity': (expired: ExpiredIdentity, realm: string, other: string | null) =>
    expiredIdentity(expired, realm, other),
  'copr.gssapi.heading': 'Kerberos in the config (gssapi)',
  'copr.gssapi.on': 'gssapi = True: both copr-cli and the Python API may log in with Kerberos.',
  'copr.gssapi.off': 'gssapi = False: neither client logs in with Kerberos.',
  'copr.gssapi.unset': 'Not set: copr-cli logs in with Kerberos, the Python API does not.',
  'copr.gssapi.turnOn': 'Set gssapi = True',
  'copr.gssapi.turnOff': 'Set gssapi = False',
  'copr.check.heading': 'Check with Copr',
  'copr.check.as': 'Check as',
  'copr.check.now': 'Check now',
  'copr.check.ok': (user: string) => `Copr knows you as ${user}.`,
  'copr.check.failed': 'Copr did not confirm who you are.',
  'copr.check.client': (client: string) => `Checked as ${client}`,
  'copr.check.method': (method: string) => `Method: ${method}`,
  'copr.check.methodName.token': 'API token',
  'copr.check.methodName.gssapi': 'Kerberos (GSSAPI)',
  'copr.check.methodName.none': 'none',
  'copr.check.principal': (principal: string) => `Kerberos principal: ${principal}`,
  'copr.check.duration': (took: string) => `Took ${took}`,
  'copr.check.at': (when: string) => `Checked ${when}`,
  'copr.check.session.reused': 'Session: saved session reused',
  'copr.check.session.created': 'Session: new login',
  'copr.check.stale': 'The saved session answered, but no valid ticket backs it: once it expires, copr-cli will fail.',
  'copr.check.outdated': (what: LocalChange) => `Checked before ${CHANGED[what]} changed: check again.`,
  'copr.check.sessionRejected': 'Copr refused the saved session, so a fresh login was tried.',
  'copr.remedy': (remedy: CoprRemedy) => coprRemedy(remedy),
  /** The remedies (each from copr.remedy) as alternatives. */
  'copr.check.advice': (remedies: readonly string[]) => `What to do: ${capitalised(alternatives.format(remedies))}.`,
  'copr.check.working': (principal: string) => `Your ticket ${principal} works for Copr.`,
  'copr.check.makePrimary': (principal: string) => `Make ${principal} primary`,
  'copr.check.pin': (principal: string) => `Pin ${principal} for Copr`,
  'copr.check.technical': 'Technical details',
  // The check's remedies as buttons (copr/remedy-buttons.tsx).
  'copr.fix.logIn': (realm: string) => `Log in to ${realm}…`,
  'copr.fix.renew': (principal: string) => `Renew ${principal}`,
  'copr.fix.renewToken': 'Get a new token in Troubleshoot',
  'copr.fix.getToken': 'Open the API token page',
  'copr.fix.webLogin': 'Open Copr’s web page to log in once',
  'copr.fix.clearSession': 'Clear the session and check again',
  'copr.fix.gssapiOn': 'Turn Kerberos on (gssapi = True)',
  'copr.config.summary': 'Configuration and login methods',
  'copr.profile.hint': 'The tray checks the instance chosen here.',
  'copr.profile.changed': (name: string) => `${name} is now the Copr instance shown here and checked by the tray.`,
  'copr.profile.notSaved': (name: string) =>
    `${name} is shown here, but the choice could not be saved, so the tray still checks the instance it checked before.`,
  'copr.session.heading': 'Saved login session',
  'copr.session.none': 'No saved session.',
  'copr.session.valid': (name: string, until: string) => `Logged in as ${name} until ${until}.`,
  'copr.session.expired': (name: string, at: string) => `The session of ${name} expired on ${at}.`,
  'copr.session.path': (path: string) => `Saved in ${path}`,
  'copr.session.clear': 'Clear session',
  'copr.pin.heading': 'Identity for this host',
  'copr.pin.current': (principal: string, host: string) => `${principal} is pinned for ${host} in ~/.k5identity.`,
  'copr.pin.none': (host: string) =>
    `Nothing is pinned for ${host}: Kerberos picks by realm, else the primary identity.`,
  'copr.pin.choose': 'Principal to pin',
  'copr.pin.pin': 'Pin',
  'copr.pin.unpin': 'Unpin',
  'copr.pin.noCandidates': 'Log in to Fedora first: there is no ticket to pin.',
  'copr.done.sessionCleared': 'The saved session was removed.',
  'copr.done.noSession': 'There was no saved session to remove.',
  'copr.done.pinned': (principal: string, host: string) => `${principal} is now pinned for ${host}.`,
  'copr.done.unpinned': (host: string) => `Nothing is pinned for ${host} any more.`,
  'copr.done.gssapiOn': 'gssapi = True is set in the config.',
  'copr.done.gssapiOff': 'gssapi = False is set in the config.',

  // Troubleshoot
  'doctor.runAgain': 'Run again',
  'doctor.running': 'Looking for problems…',
  'doctor.summary': (count: number, when: string) =>
    `${count === 0 ? 'No problems' : count === 1 ? '1 problem' : `${count} problems`}, checked ${when}.`,
  'doctor.localOnly':
    'Brought up to date after the last change by looking at this computer only; Run again to ask Copr and the Kerberos server too.',
  'doctor.noFindings': 'No problems found: your tickets and Copr setup look right.',
  'doctor.evidence': (n: number) => (n === 1 ? 'What was seen (1 fact)' : `What was seen (${n} facts)`),
  'doctor.applying': (label: string) => `${label}…`,
  'doctor.fixWithPassword': (label: string) => `${label}…`,
  'doctor.needsPassword': 'Needs your password: opens Log in.',
  'doctor.command': 'In a terminal:',
  'doctor.openPage': (url: string) => `Open ${url} again`,
  'doctor.outcomeOk': 'Done:',
  'doctor.outcomeFailed': 'Failed:',
  'doctor.unsavedTokenWhere': (path: string) =>
    `Copr issued a new API token, but it could not be saved. Put these lines into the [copr-cli] section of ${path}, replacing the old login and token lines:`,
  'doctor.unsavedTokenLabel': 'New Copr API token lines',
  'doctor.unsavedTokenOnce':
    'Copr no longer accepts the old token, and this is the only place the new one is shown: copy it before you close the app.',
  /** Main's sentence for what a fix changed; should it say nothing, the fix's own label names what was done. */
  'doctor.fixApplied': (message: string, label: string) => message.trim() || `Done: ${label}.`,
  'doctor.fixFailed': (message: string) => `The fix did not work${message.trim() ? `: ${message.trim()}` : '.'}`,
  'doctor.fixedFinding': (title: string, message: string) => `Fixed: ${title}. ${message}`.trim(),
  'doctor.notes': (n: number) => (n === 1 ? '1 note that may not concern you' : `${n} notes that may not concern you`),
  'doctor.copy': 'Copy report',
  'doctor.copied': 'The report is on the clipboard.',
  'doctor.copyFailed': 'The report could not be made.',
  'doctor.copyManual': 'The clipboard is not available. The report is below, selected: press Ctrl+C to copy it.',
  'doctor.reportLabel': 'Report',

  // Activity
  'activity.empty': 'Nothing has happened yet.',
  'activity.listLabel': 'Recent events, newest first',
  'activity.kind.obtained': 'Ticket obtained',
  'activity.kind.renewed': 'Renewed',
  'activity.kind.renewFailed': 'Renewal failed',
  'activity.kind.expiring': 'Expiring',
  'activity.kind.expired': 'Expired',
  'activity.kind.switched': 'Primary switched',
  'activity.kind.destroyed': 'Destroyed',
  'activity.kind.coprCheck': 'Copr check',
  'activity.kind.fixApplied': 'Fix applied',
  'activity.kind.passwordChanged': 'Password changed',
  'activity.kind.other': 'Event',

  // Settings
  'settings.loading': 'Reading the settings…',
  'settings.retry': 'Try again',
  'settings.tickets.heading': 'Tickets',
  'settings.tickets.watching':
    'While this window is open, tickets changed in a terminal show here within seconds. While it is closed, Ticket Tray looks once a minute, and always just before each warning, renewal or expiry time, so warnings come on time (with the screen locked, it looks only then). Opening this window or the tray menu looks at once.',
  'settings.warnings.label': 'Warn before expiry (minutes)',
  'settings.warnings.hint': (maxCount: number, min: number, max: number) =>
    `Up to ${maxCount} times, each from ${min} to ${max} minutes (a day), separated by commas, for example 30, 10, 5. Each warning comes once per ticket. Leave it empty for no warnings.`,
  'settings.warnings.current': (minutes: readonly number[]) =>
    minutes.length === 0
      ? 'Now: no warning before a ticket expires.'
      : `Now: ${minutesList(minutes)} before a ticket expires.`,
  'settings.warnings.save': 'Save',
  'settings.warnings.error.notWhole': 'Enter whole numbers of minutes, separated by commas, for example 30, 10, 5.',
  'settings.warnings.error.outOfRange': (min: number, max: number) => `Enter numbers of minutes from ${min} to ${max}.`,
  'settings.warnings.error.tooMany': (maxCount: number) => `Enter at most ${maxCount} warning times.`,
  'settings.autoRenew': 'Renew tickets automatically',
  'settings.autoRenew.hint': 'A renewable ticket is renewed before it expires, instead of a warning.',
  'settings.desktop.heading': 'Desktop',
  'settings.startAtLogin': 'Start Ticket Tray when I log in',
  'settings.startAtLogin.hint':
    'Ticket Tray adds itself to your desktop’s autostart programs and starts quietly in the tray.',
  'settings.trayIcons': 'Tray icon',
  'settings.trayIcons.colour': 'Colour',
  'settings.trayIcons.monochrome': 'Monochrome',
  'settings.trayIcons.hint': 'A monochrome icon is light on a dark panel and dark on a light one.',
  'settings.copr.heading': 'Copr instances',
  'settings.copr.intro':
    'Each is a Copr config file. The active one is what the tray checks and what the Copr view opens with.',
  'settings.copr.configFile': (path: string) => `Config file: ${path}`,
  'settings.copr.defaultPath': '~/.config/copr (default)',
  'settings.copr.activeLegend': 'The active instance',
  'settings.copr.remove': 'Remove…',
  'settings.copr.removeFor': (name: string) => `Remove: ${name}`,
  'settings.copr.onlyOne': 'Ticket Tray needs one Copr instance, so the only one cannot be removed.',
  'settings.copr.confirm.title': (name: string) => `Remove the Copr instance ${name}?`,
  'settings.copr.confirm.body': 'Ticket Tray forgets it; its config file stays as it is.',
  'settings.copr.confirm.bodyActive': (next: string) =>
    `Ticket Tray forgets it; its config file stays as it is. ${next} becomes the active instance.`,
  'settings.copr.confirm.confirm': 'Remove',
  'settings.copr.add.heading': 'Add an instance',
  'settings.copr.add.name': 'Name',
  'settings.copr.add.nameHint': 'As the Copr view will list it, for example Staging.',
  'settings.copr.add.path': 'Config file',
  'settings.copr.add.pathHint': 'The absolute path of a Copr config file, for example /home/you/.config/copr-staging.',
  'settings.copr.add.submit': 'Add instance',
  'settings.copr.add.full': (max: number) =>
    `Ticket Tray keeps at most ${max} Copr instances: remove one to add another.`,
  'settings.copr.error.name': (max: number) => `Enter a name of 1 to ${max} printable characters.`,
  'settings.copr.error.duplicate': (name: string) => `There is already an instance called ${name}.`,
  'settings.copr.error.path': 'Enter an absolute path, starting with /.',
  'settings.saved.warnBeforeMinutes': (minutes: readonly number[]) =>
    minutes.length === 0
      ? 'Saved: no warning before a ticket expires.'
      : `Saved: warnings come ${minutesList(minutes)} before a ticket expires.`,
  'settings.saved.autoRenew': (on: boolean) =>
    on ? 'Saved: tickets are renewed automatically.' : 'Saved: tickets are not renewed automatically.',
  'settings.saved.startAtLogin': (on: boolean) =>
    on ? 'Saved: Ticket Tray starts when you log in.' : 'Saved: Ticket Tray does not start when you log in.',
  'settings.saved.trayIcons': (style: 'colour' | 'monochrome') =>
    style === 'colour' ? 'Saved: the tray icon is in colour.' : 'Saved: the tray icon is monochrome.',
  'settings.saved.profileAdded': (name: string) => `Added the Copr instance ${name}.`,
  'settings.saved.profileRemoved': (name: string) => `Removed the Copr instance ${name}.`,
  'settings.saved.profileActive': (name: string) => `${name} is now the active Copr instance.`,
} satisfies Record<string, string | ((...args: never[]) => string)>;

/** Every message key. */
export type MessageKey = keyof typeof catalogue;

/** The shape every catalogue has: the same keys, strings for strings, the same functions. */
export type Messages = {
  readonly [K in MessageKey]: (typeof catalogue)[K] extends string ? string : (typeof catalogue)[K];
};

/** English, complete. */
export const en: Messages = catalogue;
