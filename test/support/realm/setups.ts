/**
 * The client setups the Kerberos suites run on, for `describe.each(SETUPS)`: each scenario is
 * written once and must hold on every machine shape users have.
 */
import { beforeAll, beforeEach } from 'vitest';
import type { CollectionType, RealmFlavour, RealmOptions, TestRealm } from './realm.js';

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

/**
 * Skips every test of the enclosing `describe` where this machine cannot hold a `type` collection
 * (the kernel may refuse KEYRING, e.g. in some containers), with the reason in the skip. Returns
 * whether it can, for a later `beforeAll` that sets up a collection.
 */
export function skipWhereUnavailable(realmOf: () => TestRealm, type: CollectionType): { available(): boolean } {
  let unavailable: string | null = null;
  beforeAll(async () => {
    const probe = type === 'KEYRING' ? await realmOf().keyringAvailable() : { ok: true as const };
    if (!probe.ok) unavailable = `kernel keyring unavailable: ${probe.reason}`;
  });
  beforeEach((ctx) => {
    if (unavailable) ctx.skip(unavailable);
  });
  return { available: () => unavailable === null };
}
