import { describe, expect, it } from 'vitest';
import {
  COPR_RETRY_MS,
  coprCheckKey,
  createController,
  type ControllerPorts,
} from '../../../electron/main/app/controller.js';
import { createActivityLog } from '../../../electron/main/tickets/activity-log.js';
import type { TrayModel } from '../../../electron/main/tray/model.js';
import type { CoprCheck } from '../../../shared/copr.js';
import type { KrbChange, KrbFailure } from '../../../shared/krb.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { ALICE, HOUR, MIN, T0, WORK, cache, coprCheck, settings, status } from './builders.js';

/** A controller over fakes, with a hand-driven clock and timer. */
function harness(
  o: {
    renew?: (p?: string) => Result<KrbChange, KrbFailure>;
    check?: () => CoprCheck;
    systemRenews?: boolean;
    autoRenew?: boolean;
  } = {},
) {
  let now = T0;
  const notices: string[] = [];
  const trays: TrayModel[] = [];
  const windows: Array<string | null> = [];
  const calls: string[] = [];
  let timer: { fn: () => void; at: number } | null = null;
  let quit = 0;
  const activity = createActivityLog();
  const ports: ControllerPorts = {
    krb: {
      renew: async (p) => (
        calls.push(`renew ${p}`),
        o.renew ? o.renew(p) : err({ kind: 'kdc-unreachable', realm: 'FEDORAPROJECT.ORG', detail: 'x' })
      ),
      switchPrimary: async (p) => (
        calls.push(`switch ${p}`),
        ok({
          principal: p,
          status: status([cache(ALICE, { primary: p === ALICE }), cache(WORK, { primary: p === WORK })]),
        })
      ),
    },
    copr: { check: async () => (calls.push('copr'), o.check ? o.check() : coprCheck({ ok: true })) },
    settings: { current: () => settings({ autoRenew: o.autoRenew ?? true }) },
    activity,
    systemRenews: o.systemRenews ?? false,
    now: () => now,
    showNotice: (n) => void notices.push(n.title),
    renderTray: (m) => void trays.push(m),
    showWindow: (v) => void windows.push(v),
    quit: () => void quit++,
    setTimer: (fn, ms) => {
      timer = { fn, at: now + ms };
      return () => (timer = null);
    },
  };
  const controller = createController(ports);
  const flush = () => new Promise((r) => setTimeout(r, 0));
  /** Moves the clock, firing the timer each time it is due. */
  const advance = async (ms: number) => {
    const end = now + ms;
    while (timer && timer.at <= end) {
      now = timer.at;
      const { fn } = timer;
      timer = null;
      fn();
      await flush();
    }
    now = end;
  };
  return {
    controller,
    notices,
    trays,
    windows,
    calls,
    activity,
    advance,
    flush,
    lastTray: () => trays[trays.length - 1]!,
    quits: () => quit,
  };
}

describe('the controller', () => {
  it('draws the tray from each snapshot', async () => {
    const h = harness();
    h.controller.statusChanged(status([cache(WORK, { primary: true })]));
    expect(h.lastTray().state).toBe('no-ticket');
    h.controller.statusChanged(status([cache(ALICE, { primary: true })]));
    await h.flush();
    expect(h.lastTray().state).toBe('ok');
    expect(h.lastTray().tooltip).toContain('Copr OK');
  });

  it('checks Copr by itself when the Fedora identity or the primary changes, not on every snapshot', async () => {
    const h = harness();
    const one = status([cache(ALICE, { primary: true })]);
    h.controller.statusChanged(one);
    await h.flush();
    h.controller.statusChanged({ ...one, takenAt: new Date(T0 + MIN).toISOString() });
    await h.flush();
    expect(h.calls.filter((c) => c === 'copr')).toHaveLength(1);
    h.controller.statusChanged(status([cache(ALICE), cache(WORK, { primary: true })]));
    await h.flush();
    expect(h.calls.filter((c) => c === 'copr')).toHaveLength(2);
  });

  it('does not check Copr without a live Fedora ticket', async () => {
    const h = harness();
    h.controller.statusChanged(status([cache(WORK, { primary: true })]));
    await h.flush();
    expect(h.calls).toEqual([]);
  });

  it('retries a failed automatic Copr check after a while, and shows the failure meanwhile', async () => {
    const h = harness({ check: () => coprCheck({ ok: false, message: 'Copr at copr cannot be reached.' }) });
    h.controller.statusChanged(status([cache(ALICE, { primary: true })]));
    await h.flush();
    expect(h.lastTray().state).toBe('problem');
    await h.advance(COPR_RETRY_MS - MIN);
    expect(h.calls.filter((c) => c === 'copr')).toHaveLength(1);
    await h.advance(2 * MIN);
    expect(h.calls.filter((c) => c === 'copr')).toHaveLength(2);
  });

  it('ignores a Copr result once the tickets it was about have changed', () => {
    const before = status([cache(ALICE), cache(WORK, { primary: true })]);
    const after = status([cache(ALICE, { primary: true }), cache(WORK)]);
    expect(coprCheckKey(before, T0, 0)).not.toBe(coprCheckKey(after, T0, 0));
    expect(coprCheckKey(after, T0, 0)).not.toBe(coprCheckKey(after, T0, 1));
  });

  it('gives each warning before expiry once, then the expiry once, as time passes', async () => {
    const h = harness({ autoRenew: false });
    h.controller.statusChanged(status([cache(ALICE, { primary: true, expiresIn: 40 * MIN })]));
    await h.advance(2 * HOUR);
    expect(h.notices).toEqual([
      `Your ticket for ${ALICE} expires in 30 minutes`,
      `Your ticket for ${ALICE} expires in 10 minutes`,
      `Your ticket for ${ALICE} expires in 5 minutes`,
      `Ticket for ${ALICE} has expired`,
    ]);
    expect(h.activity.list().map((e) => e.kind)).toEqual(['expiring', 'expiring', 'expiring', 'expired']);
    expect(h.lastTray().state).toBe('no-ticket');
  });

  it('renews automatically within the lead time; a failure is one notice, retried later', async () => {
    const h = harness();
    h.controller.statusChanged(status([cache(ALICE, { primary: true, expiresIn: 20 * MIN })]));
    await h.flush();
    expect(h.calls.filter((c) => c.startsWith('renew'))).toEqual([`renew ${ALICE}`]);
    expect(h.notices).toEqual([`Could not renew the ticket for ${ALICE}`]);
    await h.advance(6 * MIN);
    expect(h.calls.filter((c) => c.startsWith('renew'))).toHaveLength(2);
    expect(h.notices).toHaveLength(1);
    expect(h.activity.list().filter((e) => e.kind === 'renew-failed')).toHaveLength(2);
  });

  it('takes the renewed snapshot after a successful automatic renewal', async () => {
    const renewed = status([cache(ALICE, { primary: true, expiresIn: 10 * HOUR })]);
    const h = harness({ renew: (p) => ok({ principal: p!, status: renewed }) });
    h.controller.statusChanged(status([cache(ALICE, { primary: true, expiresIn: 20 * MIN })]));
    await h.flush();
    expect(h.notices).toEqual([]);
    expect(h.activity.list().map((e) => e.kind)).toEqual(['renewed']);
    expect(h.lastTray().tooltip).toContain('10h 0m left');
  });

  it('leaves renewal to sssd-kcm when it renews tickets itself', async () => {
    const h = harness({ systemRenews: true });
    h.controller.statusChanged(status([cache(ALICE, { primary: true, expiresIn: 20 * MIN })]));
    await h.flush();
    expect(h.calls.filter((c) => c.startsWith('renew'))).toEqual([]);
    expect(h.notices).toEqual([`Your ticket for ${ALICE} expires in 20 minutes`]);
  });

  it('carries out menu actions: switch, views, quit', async () => {
    const h = harness();
    h.controller.statusChanged(status([cache(ALICE), cache(WORK, { primary: true })]));
    await h.controller.act({ kind: 'switch', principal: ALICE });
    expect(h.calls).toContain(`switch ${ALICE}`);
    expect(h.lastTray().menu.find((i) => i.type === 'radio' && i.checked)).toMatchObject({
      action: { principal: ALICE },
    });
    await h.controller.act({ kind: 'login-fedora' });
    await h.controller.act({ kind: 'troubleshoot' });
    await h.controller.act({ kind: 'open' });
    expect(h.windows).toEqual(['login-fedora', 'troubleshoot', null]);
    await h.controller.act({ kind: 'quit' });
    expect(h.quits()).toBe(1);
  });

  it('reports a failed Renew from the menu in words, and a Copr check in a notice', async () => {
    const h = harness();
    h.controller.statusChanged(status([cache(ALICE, { primary: true })]));
    await h.controller.act({ kind: 'renew', principal: ALICE });
    expect(h.notices).toContain('Ticket Tray could not do that');
    await h.controller.act({ kind: 'check-copr' });
    expect(h.notices).toContain('Copr recognises you');
  });

  it("shows the doctor's errors in the tray, until the tickets they were about change", () => {
    const h = harness();
    h.controller.statusChanged(status([cache(ALICE, { primary: true })]));
    h.controller.doctorRan({
      checkedAt: 'now',
      findings: [{ id: 'clock-skew', severity: 'error', title: 't', detail: 'd', evidence: [], fixes: [] }],
    });
    expect(h.lastTray().state).toBe('problem');
    h.controller.statusChanged(status([cache(ALICE, { primary: true }), cache(WORK)]));
    expect(h.lastTray().state).toBe('problem');
    h.controller.statusChanged(status([cache(ALICE), cache(WORK, { primary: true })]));
    expect(h.lastTray().tooltip).not.toContain('found by Troubleshoot');
  });

  it('stops its timer when disposed', async () => {
    const h = harness({ autoRenew: false });
    h.controller.statusChanged(status([cache(ALICE, { primary: true, expiresIn: 40 * MIN })]));
    h.controller.dispose();
    await h.advance(2 * HOUR);
    expect(h.notices).toEqual([]);
  });
});
