/** Ticket flags in words ("renewable, forwardable and initial") rather than klist's letters. */
import type { TicketFlag } from '../../../../shared/krb';
import { type TextKey, t } from '../../i18n';

const FLAG_KEYS: Readonly<Record<TicketFlag, TextKey>> = {
  forwardable: 'flag.forwardable',
  forwarded: 'flag.forwarded',
  proxiable: 'flag.proxiable',
  proxy: 'flag.proxy',
  'may-postdate': 'flag.may-postdate',
  postdated: 'flag.postdated',
  renewable: 'flag.renewable',
  initial: 'flag.initial',
  invalid: 'flag.invalid',
  'hw-authenticated': 'flag.hw-authenticated',
  'pre-authenticated': 'flag.pre-authenticated',
  'transit-policy-checked': 'flag.transit-policy-checked',
  'ok-as-delegate': 'flag.ok-as-delegate',
  anonymous: 'flag.anonymous',
};

/** The flags as one phrase, or "none". */
export function flagWords(flags: readonly TicketFlag[]): string {
  if (flags.length === 0) return t('flag.none');
  return t(
    'format.list',
    flags.map((flag) => t(FLAG_KEYS[flag])),
  );
}
