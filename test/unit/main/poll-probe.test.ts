import { describe, expect, it } from 'vitest';
import { createCollectionProbe } from '../../../electron/services/kerberos/collection-probe.js';
import type { RunOutcome } from '../../../electron/services/process/run.js';
import type { CollectionInfo, KrbStatus } from '../../../shared/krb.js';
import { err, ok } from '../../../shared/result.js';
import { ALICE, WORK, cache, status } from './builders.js';

const keyring: CollectionInfo = { name: 'KEYRING:persistent:1000', type: 'KEYRING', switchable: true };

/** A fake klist: the listing is whatever `text` holds; parsing it yields `parsed`, and is counted. */
function fakeTools(initial: { text: string; parsed: KrbStatus }) {
  const state = { ...initial, listings: 0, parses: 0, exitCode: 0 };
  return {
    state,
    service: {
      listCollection: async (): Promise<RunOutcome> => {
        state.listings++;
        return { kind: 'exited', exitCode: state.exitCode, stdout: state.text, stderr: '' };
      },
      statusFromListing: async () => {
        state.parses++;
        return state.exitCode === 0
          ? ok(state.parsed)
          : err({ kind: 'unexpected' as const, tool: 'klist' as const, exitCode: state.exitCode, detail: 'x' });
      },
    },
  };
}

const twoCaches = (primary: string | null) =>
  status([cache(ALICE, { primary: primary === ALICE }), cache(WORK, { primary: primary === WORK })]);

describe('looking at a collection again and again', () => {
  it('runs one klist per look, and parses only when its output changed', async () => {
    const tools = fakeTools({ text: 'listing 1', parsed: twoCaches(ALICE) });
    const look = createCollectionProbe(tools.service, keyring);
    expect((await look()).ok && (await look()).ok).toBe(true);
    expect(await look()).toEqual(ok({ kind: 'same' }));
    expect(tools.state).toMatchObject({ listings: 3, parses: 1 });

    tools.state.text = 'listing 2';
    tools.state.parsed = twoCaches(WORK);
    expect(await look()).toEqual(ok({ kind: 'read', status: twoCaches(WORK) }));
    expect(tools.state).toMatchObject({ listings: 4, parses: 2 });
  });

  it('parses every time while caches exist but none is primary: the listing cannot show a switch then', async () => {
    const tools = fakeTools({ text: 'listing', parsed: twoCaches(null) });
    const look = createCollectionProbe(tools.service, keyring);
    await look();
    await look();
    expect(tools.state.parses).toBe(2);
    // A kswitch to the cache listed first leaves the listing as it was: still seen.
    tools.state.parsed = twoCaches(ALICE);
    expect(await look()).toEqual(ok({ kind: 'read', status: twoCaches(ALICE) }));
    expect(await look()).toEqual(ok({ kind: 'same' }));
  });

  it('an empty collection is known: the same empty listing is not parsed again', async () => {
    const tools = fakeTools({ text: '', parsed: status([]) });
    const look = createCollectionProbe(tools.service, keyring);
    await look();
    expect(await look()).toEqual(ok({ kind: 'same' }));
  });

  it('after a failure, the next look parses again even when the output is the same', async () => {
    const tools = fakeTools({ text: 'broken', parsed: twoCaches(ALICE) });
    tools.state.exitCode = 1;
    const look = createCollectionProbe(tools.service, keyring);
    expect((await look()).ok).toBe(false);
    expect((await look()).ok).toBe(false);
    expect(tools.state.parses).toBe(2);
  });
});
