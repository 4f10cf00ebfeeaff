import type { KrbStatus } from '../../../shared/krb.js';
import { fingerprint } from '../../services/kerberos/watch.js';

/**
 * A change reaches main twice (the action's own snapshot, then the collection watch): pass each
 * state on once. Main and the end-to-end bridge both feed the tray, the window and the activity
 * log through this.
 */
export function onceEachState(deliver: (status: KrbStatus) => void): (status: KrbStatus) => void {
  let last = '';
  return (status) => {
    const print = fingerprint(status);
    if (print === last) return;
    last = print;
    deliver(status);
  };
}
