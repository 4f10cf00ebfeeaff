/**
 * What the tray shows, as plain data: the state, its icon, the tooltip and the context menu. Pure,
 * so every state is unit-tested; `tray.ts` only turns the model into Electron objects, and is
 * handed a fresh model on every change (Electron on Linux needs `setContextMenu` again after any
 * menu change: https://www.electronjs.org/docs/latest/api/tray).
 */
import type { CoprCheck } from '../../../shared/copr.js';
import { formatDuration } from '../../../shared/duration.js';
import { FEDORA_REALM, type KrbStatus } from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';
import { earliestWarningMinutes, type Settings } from '../../../shared/settings.js';
import { describeCoprFailure } from '../../services/copr/messages.js';
import { MESSAGES } from '../messages.js';
import { canRenew, fedoraCaches, isLive, msLeft, ticketCaches, type TicketCache } from '../tickets/ticket-facts.js';

/** ok: a live Fedora ticket and nothing wrong; expiring: under the lead time; problem: Copr or the doctor says something is wrong; no-ticket: no live Fedora ticket. */
export type TrayState = 'ok' | 'expiring' | 'problem' | 'no-ticket';

/**
 * One icon per state, told apart by **shape**, not only colour (for colour-blind users and
 * monochrome "symbolic" panels): `tray-ok` a ticket with a check mark, `tray-expiring` a clock
 * face, `tray-problem` a triangle with an exclamation mark, `tray-none` an empty outline crossed
 * through. `icon-pixels.ts` draws these shapes when no icon file is packaged.
 */
export const TRAY_ICONS = {
  ok: 'tray-ok',
  expiring: 'tray-expiring',
  problem: 'tray-problem',
  'no-ticket': 'tray-none',
} as const satisfies Record<TrayState, string>;

/** The name of an icon file (`<name>.png`) or drawn shape. */
export type TrayIconName = (typeof TRAY_ICONS)[TrayState];

/** What a menu item does; main carries it out (`controller.ts`). */
export type TrayAction =
  | { readonly kind: 'switch'; readonly principal: string }
  | { readonly kind: 'login-fedora' }
  | { readonly kind: 'login' }
  | { readonly kind: 'renew'; readonly principal: string | null }
  | { readonly kind: 'check-copr' }
  | { readonly kind: 'troubleshoot' }
  | { readonly kind: 'open' }
  | { readonly kind: 'quit' };

/** One context-menu entry as data: a disabled label, a separator, an identity (radio) or an action. */
export type TrayMenuItem =
  | { readonly type: 'label'; readonly id: string; readonly label: string }
  | { readonly type: 'separator'; readonly id: string }
  | {
      readonly type: 'radio';
      readonly id: string;
      readonly label: string;
      readonly checked: boolean;
      readonly enabled: boolean;
      readonly action: TrayAction;
    }
  | {
      readonly type: 'normal';
      readonly id: string;
      readonly label: string;
      readonly enabled: boolean;
      readonly action: TrayAction;
    };

/** Everything the tray shows at one moment. */
export interface TrayModel {
  readonly state: TrayState;
  readonly icon: TrayIconName;
  /** Several lines: the Fedora identity first, then every other identity. */
  readonly tooltip: string;
  readonly menu: readonly TrayMenuItem[];
}

/** What the tray depends on. */
export interface TrayInput {
  /** null until the first snapshot has been read. */
  readonly status: KrbStatus | null;
  /** The last Copr check, or null when none applies to the current tickets. */
  readonly copr: CoprCheck | null;
  /** Findings of severity error from the last troubleshooter run. */
  readonly doctorErrors: number;
  /**
   * The diagnosis says GSSAPI would offer Copr another realm's identity. It outweighs a Copr check
   * that passed, which a saved session can answer for a while whoever is primary.
   */
  readonly identityProblem?: boolean;
  readonly settings: Pick<Settings, 'warnBeforeMinutes'>;
  readonly now: number;
}

/** The whole tray model for one moment. */
export function buildTrayModel(input: TrayInput): TrayModel {
  const state = trayState(input);
  const tooltip = trayTooltip(input);
  return { state, icon: TRAY_ICONS[state], tooltip, menu: trayMenu(input, tooltip.split('\n')[0]!) };
}

/** Worst first: no live Fedora ticket, then a problem, then expiring, else ok. */
export function trayState(input: TrayInput): TrayState {
  const fedora = liveFedora(input);
  if (!fedora) return 'no-ticket';
  if (problemParts(input).length > 0) return 'problem';
  return msLeft(fedora, input.now) < leadMs(input) ? 'expiring' : 'ok';
}

/** A Fedora ticket is expiring from its earliest warning on. */
const leadMs = (input: TrayInput) => earliestWarningMinutes(input.settings) * 60_000;
const liveFedora = (input: TrayInput): TicketCache | undefined =>
  fedoraCaches(input.status).find((c) => isLive(c, input.now));

/**
 * The identity GSSAPI would use for Copr when it is not a Fedora one: the Copr check knows (it
 * reads `~/.k5identity` and krb5.conf); before any check, the primary cache is the best guess.
 */
function wrongIdentity(input: TrayInput): string | null {
  if (input.copr?.ok && !input.identityProblem) return null;
  const used = input.copr?.advice.identity?.wouldUse ?? input.status?.primary ?? null;
  return used !== null && realmOf(used) !== FEDORA_REALM ? used : null;
}

/** Why the state is `problem`, as tooltip fragments; empty when nothing is wrong. */
function problemParts(input: TrayInput): string[] {
  const parts: string[] = [];
  const wrong = wrongIdentity(input);
  if (wrong) parts.push(MESSAGES.tooltip.wrongPrimary(wrong));
  if (input.copr && !input.copr.ok) parts.push(MESSAGES.tooltip.coprFailed(describeCoprFailure(input.copr.error)));
  if (input.doctorErrors > 0) parts.push(MESSAGES.tooltip.doctorErrors(input.doctorErrors));
  return parts;
}

const timeDetail = (cache: TicketCache, now: number) =>
  isLive(cache, now) ? MESSAGES.tooltip.left(formatDuration(msLeft(cache, now))) : MESSAGES.tooltip.expired;

/** "Ticket Tray — alice@FEDORAPROJECT.ORG: 9h 12m left, Copr OK", then one line per other identity. */
export function trayTooltip(input: TrayInput): string {
  if (input.status === null) return MESSAGES.tooltip.unknown;
  const { now } = input;
  const fedora = liveFedora(input) ?? fedoraCaches(input.status)[0];
  let first: string = MESSAGES.tooltip.noTicket;
  if (fedora && isLive(fedora, now)) {
    const copr = input.copr
      ? input.copr.ok && !input.identityProblem
        ? [MESSAGES.tooltip.coprOk(input.copr.value.user)]
        : []
      : [MESSAGES.tooltip.coprUnchecked];
    first = MESSAGES.tooltip.line(
      fedora.principal,
      [timeDetail(fedora, now), ...copr, ...problemParts(input)].join(', '),
    );
  } else if (fedora) {
    first = MESSAGES.tooltip.line(fedora.principal, MESSAGES.tooltip.expired);
  }
  const others = ticketCaches(input.status)
    .filter((c) => c !== fedora)
    .map((c) => MESSAGES.tooltip.otherIdentity(c.principal, timeDetail(c, now), c.primary));
  return [first, ...others].join('\n');
}

/** What "Renew" renews: the live Fedora ticket if renewable, else the primary one; null disables it. */
export function renewTarget(input: TrayInput): string | null {
  const candidates = [liveFedora(input), ticketCaches(input.status).find((c) => c.primary)];
  return candidates.find((c): c is TicketCache => c !== undefined && canRenew(c, input.now))?.principal ?? null;
}

/**
 * Every action is in the menu, because tray clicks are unreliable on Linux (electron#6773,
 * electron#22037); the first line repeats the tooltip, which AppIndicator hosts do not show.
 */
export function trayMenu(input: TrayInput, headline: string): readonly TrayMenuItem[] {
  const renew = renewTarget(input);
  const item = (id: string, label: string, action: TrayAction, enabled = true): TrayMenuItem => ({
    type: 'normal',
    id,
    label,
    enabled,
    action,
  });
  return [
    { type: 'label', id: 'status', label: headline },
    { type: 'separator', id: 'sep-status' },
    ...identityItems(input),
    { type: 'separator', id: 'sep-identities' },
    item('login-fedora', MESSAGES.menu.getFedoraTicket, { kind: 'login-fedora' }),
    item('login', MESSAGES.menu.getTicket, { kind: 'login' }),
    item('renew', MESSAGES.menu.renew, { kind: 'renew', principal: renew }, renew !== null),
    item('check-copr', MESSAGES.menu.checkCopr, { kind: 'check-copr' }),
    item('troubleshoot', MESSAGES.menu.troubleshoot, { kind: 'troubleshoot' }),
    { type: 'separator', id: 'sep-app' },
    item('open', MESSAGES.menu.open, { kind: 'open' }),
    item('quit', MESSAGES.menu.quit, { kind: 'quit' }),
  ];
}

/** One radio item per identity, checked for the primary; choosing one makes it primary (not possible in a FILE cache). */
function identityItems(input: TrayInput): TrayMenuItem[] {
  const caches = ticketCaches(input.status);
  if (caches.length === 0) return [{ type: 'label', id: 'no-identities', label: MESSAGES.menu.noIdentities }];
  const switchable = input.status?.collection.switchable ?? false;
  return [
    { type: 'label', id: 'identities', label: MESSAGES.menu.identities },
    ...caches.map((c): TrayMenuItem => ({
      type: 'radio',
      id: `identity:${c.cache}`,
      label: MESSAGES.identity.item(c.principal, timeDetail(c, input.now)),
      checked: c.primary,
      enabled: switchable,
      action: { kind: 'switch', principal: c.principal },
    })),
  ];
}

/**
 * The PNG for a tray state: the colour icon, or a monochrome one whose glyph contrasts with the
 * panel (`-dark` is drawn for dark panels, `-light` for light ones). build/icons/tray has all of them.
 */
export function trayIconFile(name: TrayIconName, style: 'colour' | 'monochrome', darkPanel: boolean): string {
  return style === 'colour' ? `${name}.png` : `${name}-${darkPanel ? 'dark' : 'light'}.png`;
}
