/**
 * Every user-facing string the main process shows (tray, notifications, window titles, activity),
 * in one English catalogue, so the main process can be translated the way the renderer is: swap
 * this object, keep the keys. Strings that embed values are small functions.
 */
export const MESSAGES = {
  appName: 'Ticket Tray',
  state: {
    ok: 'Fedora ticket valid, Copr OK',
    expiring: 'Fedora ticket expiring soon',
    problem: 'Needs attention',
    'no-ticket': 'No Fedora ticket',
  },
  menu: {
    identities: 'Identities',
    noIdentities: 'No tickets',
    getFedoraTicket: 'Get Fedora ticket…',
    getTicket: 'Get ticket…',
    renew: 'Renew',
    checkCopr: 'Check Copr',
    troubleshoot: 'Troubleshoot',
    open: 'Open Ticket Tray',
    quit: 'Quit',
  },
  tooltip: {
    /** "Ticket Tray — alice@FEDORAPROJECT.ORG: 9h 12m left, Copr OK" */
    line: (principal: string, detail: string) => `Ticket Tray — ${principal}: ${detail}`,
    unknown: 'Ticket Tray — reading your tickets…',
    noTicket: 'Ticket Tray — no Fedora ticket. Choose "Get Fedora ticket…".',
    left: (duration: string) => `${duration} left`,
    expired: 'expired',
    coprOk: (user: string | null) => (user ? `Copr OK (${user})` : 'Copr OK'),
    coprFailed: (message: string) => `Copr check failed: ${message}`,
    coprUnchecked: 'Copr not checked yet',
    wrongPrimary: (used: string) => `but Copr would use ${used}`,
    doctorErrors: (n: number) => (n === 1 ? '1 problem found by Troubleshoot' : `${n} problems found by Troubleshoot`),
    otherIdentity: (principal: string, detail: string, primary: boolean) =>
      `${principal}: ${detail}${primary ? ' (primary)' : ''}`,
  },
  identity: {
    item: (principal: string, detail: string) => `${principal} — ${detail}`,
  },
  notify: {
    expiringTitle: (principal: string, left: string) => `Your ticket for ${principal} expires in ${left}`,
    expiringBodyRenewable: 'Choose "Renew" in the Ticket Tray menu to stay logged in.',
    expiringBody: 'It cannot be renewed: choose "Get ticket…" in the Ticket Tray menu to log in again before then.',
    expiredTitle: (principal: string) => `Ticket for ${principal} has expired`,
    expiredBody: 'Services such as Copr will no longer recognise you. Get a new ticket to log in again.',
    renewFailedTitle: (principal: string) => `Could not renew the ticket for ${principal}`,
    renewFailedBody: (reason: string) => reason,
    renewedTitle: (principal: string) => `Ticket for ${principal} renewed`,
    renewedBody: (expires: string) => `It is now valid until ${expires}.`,
    actionFailedTitle: 'Ticket Tray could not do that',
    problemTitle: 'Ticket Tray found a problem',
    coprOkTitle: 'Copr recognises you',
    coprOkBody: (user: string | null, principal: string | null) =>
      `Copr says you are ${user ?? 'logged in'}${principal ? `, through ${principal}` : ''}.`,
    coprFailedTitle: 'Copr check failed',
  },
  activity: {
    obtained: (principal: string, expires: string) => `Got a ticket for ${principal}, valid until ${expires}.`,
    renewed: (principal: string, expires: string) => `Renewed the ticket for ${principal}, now valid until ${expires}.`,
    expired: (principal: string) => `The ticket for ${principal} expired.`,
    expiring: (principal: string, duration: string) => `The ticket for ${principal} expires in ${duration}.`,
    switched: (principal: string) => `${principal} is now the primary identity.`,
    destroyed: (principal: string) => `The ticket for ${principal} was removed.`,
    renewFailed: (principal: string, reason: string) => `Renewing the ticket for ${principal} failed: ${reason}`,
    coprOk: (user: string | null) => `Copr check: you are ${user ?? 'logged in'}.`,
    coprFailed: (message: string) => `Copr check failed: ${message}`,
    fixApplied: (message: string) => `Fix applied: ${message}`,
    passwordChanged: (principal: string) => `The password of ${principal} was changed.`,
  },
  window: {
    title: 'Ticket Tray',
    /** Shown in the title bar when there is no tray icon to come back to. */
    noTrayTitle: 'Ticket Tray — no tray icon on this desktop',
    firstRunTitle: 'Ticket Tray — welcome',
  },
  desktopEntry: {
    name: 'Ticket Tray',
    comment: 'See, get, switch and fix your Kerberos tickets, and check who Copr thinks you are',
  },
  doctor: {
    unavailable: 'The troubleshooter is not available.',
  },
  settings: {
    unreadable: (path: string, why: string) =>
      `${path} could not be read (${why}); the default settings are used until you change one.`,
    badValue: (key: string, why: string) => `The setting "${key}" was ignored: ${why}`,
    changedElsewhere: (path: string) =>
      `${path} was changed by another program at the same time; nothing was written. Try again.`,
    writeFailed: (path: string, why: string) => `${path} could not be written: ${why}`,
  },
} as const;
