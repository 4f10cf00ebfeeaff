import { describe, expect, it } from 'vitest';
import { changesBetween, createDiagnosisFeed, localPrints } from '../../../electron/main/app/diagnosis-feed.js';
import type { LocalDiagnosis } from '../../../electron/main/app/services.js';
import type { CoprOverview } from '../../../shared/copr.js';
import type { Diagnosis, DoctorReport, LocalChange } from '../../../shared/doctor.js';
import type { KrbStatus } from '../../../shared/krb.js';
import { ok } from '../../../shared/result.js';
import { ALICE, T0, WORK, cache, iso, status } from './builders.js';

const fedoraPrimary = status([cache(ALICE, { primary: true }), cache(WORK)]);
const workPrimary = status([cache(ALICE), cache(WORK, { primary: true })]);

function overview(o: { pinned?: string | null; session?: string | null; gssapi?: boolean | null } = {}): CoprOverview {
  const host = 'copr.fedorainfracloud.org';
  return {
    config: {
      path: '/home/alice/.config/copr',
      exists: true,
      coprUrl: `https://${host}`,
      netloc: host,
      host,
      username: null,
      login: null,
      hasToken: false,
      tokenExpires: null,
      gssapi: o.gssapi ?? null,
      encrypted: true,
    },
    cli: { semantics: 'cli', method: 'gssapi', reason: '' },
    api: { semantics: 'api', method: 'none', reason: '' },
    identity: { wouldUse: o.pinned ?? ALICE, why: o.pinned ? 'pinned' : 'primary', realm: 'FEDORAPROJECT.ORG' },
    pinned: o.pinned ?? null,
    pin: o.pinned ? { principal: o.pinned, host } : null,
    sessionCorrupt: null,
    session: o.session
      ? { path: `/home/alice/.cache/copr/${host}-session`, name: o.session, expiresAt: iso(T0), valid: true }
      : null,
  };
}

const report = (ids: readonly string[]): DoctorReport => ({
  checkedAt: iso(T0),
  findings: ids.map((id) => ({
    id: id as 'wrong-primary',
    severity: 'error',
    title: id,
    detail: '',
    evidence: [],
    fixes: [],
  })),
});

/** A feed over a "computer" the test changes by hand. */
function harness() {
  const world: { status: KrbStatus; overview: CoprOverview; findings: string[] } = {
    status: fedoraPrimary,
    overview: overview(),
    findings: [],
  };
  const published: { diagnosis: Diagnosis; changed: LocalChange | null }[] = [];
  const feed = createDiagnosisFeed({
    diagnose: async (): Promise<LocalDiagnosis> => ({
      report: report(world.findings),
      status: world.status,
      overview: ok(world.overview),
    }),
    publish: (diagnosis, changed) => void published.push({ diagnosis, changed }),
    now: () => T0,
  });
  return { world, published, feed };
}

describe('local prints', () => {
  it('name the change users act on first, and ignore a renewal', () => {
    const base = localPrints(fedoraPrimary, ok(overview()));
    expect(changesBetween(base, localPrints(workPrimary, ok(overview())))).toEqual(['primary']);
    expect(changesBetween(base, localPrints(fedoraPrimary, ok(overview({ pinned: ALICE }))))).toEqual(['pins']);
    expect(changesBetween(base, localPrints(fedoraPrimary, ok(overview({ gssapi: false }))))).toEqual(['config']);
    expect(changesBetween(base, localPrints(fedoraPrimary, ok(overview({ session: 'alice' }))))).toEqual(['session']);
    const renewed = status([cache(ALICE, { primary: true, expiresIn: 20 * 3_600_000 }), cache(WORK)]);
    expect(changesBetween(base, localPrints(renewed, ok(overview())))).toEqual([]);
    const expired = status([cache(ALICE, { primary: true, expiresIn: -1 }), cache(WORK)]);
    expect(changesBetween(base, localPrints(expired, ok(overview())))).toEqual(['tickets']);
  });
});

describe('the diagnosis feed', () => {
  it('publishes the first look without a change, then numbers each change', async () => {
    const { world, published, feed } = harness();
    await feed.refresh();
    expect(published).toHaveLength(1);
    expect(published[0]!.diagnosis).toMatchObject({ network: false, change: null });
    world.status = workPrimary;
    world.findings = ['wrong-primary'];
    await feed.refresh();
    expect(published[1]!.changed).toBe('primary');
    expect(published[1]!.diagnosis.change).toMatchObject({ serial: 1, kind: 'primary' });
    expect(published[1]!.diagnosis.report.findings.map((f) => f.id)).toEqual(['wrong-primary']);
    expect(feed.current()).toBe(published[1]!.diagnosis);
  });

  it('stays quiet when nothing changed', async () => {
    const { published, feed } = harness();
    await feed.refresh();
    await feed.refresh();
    expect(published).toHaveLength(1);
  });

  it('keeps a full report until something changes', async () => {
    const { world, published, feed } = harness();
    await feed.refresh();
    feed.fullReport(report(['copr-new-user']));
    await feed.refresh();
    expect(feed.current()).toMatchObject({ network: true });
    world.overview = overview({ pinned: ALICE });
    await feed.refresh();
    expect(feed.current()).toMatchObject({ network: false, change: { kind: 'pins', serial: 1 } });
    expect(published.map((p) => p.changed)).toEqual([null, null, 'pins']);
  });

  it('does not count the session a Copr check wrote as a change', async () => {
    const { world, published, feed } = harness();
    await feed.refresh();
    await feed.duringCheck(async () => {
      world.overview = overview({ session: 'alice' });
      await feed.refresh();
    });
    await feed.refresh();
    expect(published.every((p) => p.diagnosis.change === null)).toBe(true);
    // Cleared afterwards (from a terminal, say): that one counts.
    world.overview = overview();
    await feed.refresh();
    expect(feed.current()?.change).toMatchObject({ kind: 'session', serial: 1 });
  });

  it('folds calls that arrive while it looks into one more look', async () => {
    const { world, feed } = harness();
    let looks = 0;
    const counting = createDiagnosisFeed({
      diagnose: async () => (looks++, { report: report([]), status: world.status, overview: ok(world.overview) }),
      publish: () => undefined,
      now: () => T0,
    });
    void feed;
    await Promise.all([counting.refresh(), counting.refresh(), counting.refresh()]);
    await new Promise((r) => setTimeout(r, 0));
    expect(looks).toBe(2);
  });

  it('hands the doctor the snapshot a collection change brought, and takes a fresh one for a file change', async () => {
    const given: (KrbStatus | undefined)[] = [];
    const feed = createDiagnosisFeed({
      diagnose: async (snapshot) => (
        given.push(snapshot),
        { report: report([]), status: snapshot ?? fedoraPrimary, overview: ok(overview()) }
      ),
      publish: () => undefined,
      now: () => T0,
    });
    await feed.refresh({ status: workPrimary });
    expect(given).toEqual([workPrimary]);
    // Folded while a look runs: reused only when every folded call brought a snapshot.
    given.length = 0;
    await Promise.all([feed.refresh({ status: fedoraPrimary }), feed.refresh({ status: workPrimary })]);
    await new Promise((r) => setTimeout(r, 0));
    expect(given).toEqual([fedoraPrimary, workPrimary]);
    given.length = 0;
    await Promise.all([feed.refresh({ status: fedoraPrimary }), feed.refresh({ status: workPrimary }), feed.refresh()]);
    await new Promise((r) => setTimeout(r, 0));
    expect(given).toEqual([fedoraPrimary, undefined]);
  });
});
