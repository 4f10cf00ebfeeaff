/**
 * The client setups the Kerberos suites run on, for `describe.each(SETUPS)`: each scenario is
 * written once and must hold on every machine shape users have.
 */
import type { CollectionType, RealmFlavour, RealmOptions } from './realm.js';

export interface RealmSetup {
  /** For test titles. */
  readonly name: string;
  readonly flavour: RealmFlavour;
  /** The cache types the per-type scenarios run on in this setup. */
  readonly collectionTypes: readonly CollectionType[];
  readonly options: RealmOptions;
}

export const SETUPS: readonly RealmSetup[] = [
  {
    name: 'direct KDC, DIR/FILE/KEYRING caches',
    flavour: 'direct',
    collectionTypes: ['DIR', 'FILE', 'KEYRING'],
    options: { flavour: 'direct' },
  },
  {
    name: 'Fedora-like: KCM from sssd-kcm, KdcProxy, krb5.conf.d',
    flavour: 'fedora',
    collectionTypes: ['KCM'],
    options: { flavour: 'fedora' },
  },
];
