import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  TRAY_ICONS,
  buildTrayModel,
  renewTarget,
  trayIconFile,
  type TrayInput,
  type TrayMenuItem,
} from '../../../electron/main/tray/model.js';
import { ALICE, HOUR, MIN, T0, WORK, cache, coprCheck, settings, status } from './builders.js';

const input = (over: Partial<TrayInput>): TrayInput => ({
  status: null,
  copr: null,
  doctorErrors: 0,
  settings: settings(),
  now: T0,
  ...over,
});
const ids = (menu: readonly TrayMenuItem[]) => menu.map((i) => i.id);
const item = (menu: readonly TrayMenuItem[], id: string) => menu.find((i) => i.id === id)!;

describe('tray state and icon', () => {
  it('before the first snapshot: no ticket, and a tooltip that says it is still reading', () => {
    const model = buildTrayModel(input({}));
    expect(model.state).toBe('no-ticket');
    expect(model.icon).toBe('tray-none');
    expect(model.tooltip).toBe('Ticket Tray — reading your tickets…');
  });

  it('no Fedora ticket (only a work ticket): no-ticket, and the work identity still listed', () => {
    const model = buildTrayModel(input({ status: status([cache(WORK, { primary: true })]) }));
    expect(model.state).toBe('no-ticket');
    expect(model.tooltip.split('\n')).toEqual([
      'Ticket Tray — no Fedora ticket. Choose "Get Fedora ticket…".',
      `${WORK}: 10h 0m left (primary)`,
    ]);
  });

  it('an expired Fedora ticket counts as no ticket, and says it expired', () => {
    const model = buildTrayModel(input({ status: status([cache(ALICE, { primary: true, expiresIn: -MIN })]) }));
    expect(model.state).toBe('no-ticket');
    expect(model.tooltip).toBe(`Ticket Tray — ${ALICE}: expired`);
  });

  it('a valid Fedora ticket that Copr accepted: ok, with time left and the Copr user in words', () => {
    const model = buildTrayModel(
      input({
        status: status([cache(ALICE, { primary: true, expiresIn: 9 * HOUR + 12 * MIN })]),
        copr: coprCheck({ ok: true, user: 'alice' }),
      }),
    );
    expect(model.state).toBe('ok');
    expect(model.icon).toBe('tray-ok');
    expect(model.tooltip).toBe(`Ticket Tray — ${ALICE}: 9h 12m left, Copr OK (alice)`);
  });

  it('before any Copr check, a valid primary Fedora ticket is ok and says Copr was not checked', () => {
    const model = buildTrayModel(input({ status: status([cache(ALICE, { primary: true })]) }));
    expect(model.state).toBe('ok');
    expect(model.tooltip).toContain('Copr not checked yet');
  });

  it('a Fedora ticket within the lead time: expiring', () => {
    const model = buildTrayModel(
      input({ status: status([cache(ALICE, { primary: true, expiresIn: 20 * MIN })]), copr: coprCheck({ ok: true }) }),
    );
    expect(model.state).toBe('expiring');
    expect(model.icon).toBe('tray-expiring');
    expect(model.tooltip).toContain('20m left');
  });

  it('the lead time is the earliest warning: 20 minutes left is not expiring with warnings at 15 and 5', () => {
    const model = buildTrayModel(
      input({
        status: status([cache(ALICE, { primary: true, expiresIn: 20 * MIN })]),
        settings: settings({ warnBeforeMinutes: [15, 5] }),
      }),
    );
    expect(model.state).toBe('ok');
    const noWarnings = input({
      status: status([cache(ALICE, { primary: true, expiresIn: MIN })]),
      settings: settings({ warnBeforeMinutes: [] }),
    });
    expect(buildTrayModel(noWarnings).state).toBe('ok');
  });

  it('the wrong primary (a work ticket) with a valid Fedora ticket: problem, naming the identity Copr would use', () => {
    const snapshot = status([cache(ALICE), cache(WORK, { primary: true })]);
    const model = buildTrayModel(input({ status: snapshot }));
    expect(model.state).toBe('problem');
    expect(model.icon).toBe('tray-problem');
    expect(model.tooltip.split('\n')[0]).toBe(
      `Ticket Tray — ${ALICE}: 10h 0m left, Copr not checked yet, but Copr would use ${WORK}`,
    );
  });

  it('a failed Copr check is a problem, with its message; the check knows better than the primary guess', () => {
    const snapshot = status([cache(ALICE, { primary: true })]);
    const model = buildTrayModel(
      input({
        status: snapshot,
        copr: coprCheck({
          ok: false,
          wouldUse: ALICE,
          failure: { kind: 'new-user', serverMessage: 'unknown user', loginUrl: 'https://copr.fedorainfracloud.org' },
        }),
      }),
    );
    expect(model.state).toBe('problem');
    expect(model.tooltip).toContain('Copr check failed: Kerberos works, but Copr has never seen this account.');
    expect(model.tooltip).not.toContain('would use');
  });

  it('a Copr check that succeeded wins over a non-Fedora primary (a ~/.k5identity pin)', () => {
    const snapshot = status([cache(ALICE), cache(WORK, { primary: true })]);
    expect(buildTrayModel(input({ status: snapshot, copr: coprCheck({ ok: true }) })).state).toBe('ok');
  });

  it('doctor errors make a problem; a problem outranks expiring', () => {
    const snapshot = status([cache(ALICE, { primary: true, expiresIn: 5 * MIN })]);
    const model = buildTrayModel(input({ status: snapshot, doctorErrors: 2 }));
    expect(model.state).toBe('problem');
    expect(model.tooltip).toContain('2 problems found by Troubleshoot');
  });

  it('has one distinct icon name per state', () => {
    expect(new Set(Object.values(TRAY_ICONS)).size).toBe(4);
  });
});

describe('tray icon files', () => {
  it('picks colour, or a glyph that contrasts with the panel, and every file exists in build/icons/tray', () => {
    expect(trayIconFile(TRAY_ICONS.ok, 'colour', true)).toBe(`${TRAY_ICONS.ok}.png`);
    expect(trayIconFile(TRAY_ICONS.ok, 'monochrome', true)).toBe(`${TRAY_ICONS.ok}-dark.png`);
    expect(trayIconFile(TRAY_ICONS.ok, 'monochrome', false)).toBe(`${TRAY_ICONS.ok}-light.png`);
    for (const name of Object.values(TRAY_ICONS)) {
      for (const [style, dark] of [
        ['colour', false],
        ['monochrome', true],
        ['monochrome', false],
      ] as const) {
        const file = new URL(`../../../build/icons/tray/${trayIconFile(name, style, dark)}`, import.meta.url);
        expect(existsSync(file), file.pathname).toBe(true);
      }
    }
  });
});

describe('tray menu', () => {
  const snapshot = status([cache(ALICE), cache(WORK, { primary: true })]);

  it('lists the status line, identities as radio items, then every action in order', () => {
    const { menu } = buildTrayModel(input({ status: snapshot }));
    expect(ids(menu)).toEqual([
      'status',
      'sep-status',
      'identities',
      `identity:${snapshot.caches[0]!.cache}`,
      `identity:${snapshot.caches[1]!.cache}`,
      'sep-identities',
      'login-fedora',
      'login',
      'renew',
      'check-copr',
      'troubleshoot',
      'sep-app',
      'open',
      'quit',
    ]);
    expect(item(menu, 'login-fedora')).toMatchObject({ label: 'Get Fedora ticket…', action: { kind: 'login-fedora' } });
    expect(item(menu, 'login')).toMatchObject({ label: 'Get ticket…', action: { kind: 'login' } });
    expect(item(menu, 'quit')).toMatchObject({ action: { kind: 'quit' } });
  });

  it('checks the primary identity; choosing another switches to it', () => {
    const { menu } = buildTrayModel(input({ status: snapshot }));
    const radios = menu.filter((i) => i.type === 'radio');
    expect(radios.map((r) => [r.label, r.checked, r.enabled])).toEqual([
      [`${ALICE} — 10h 0m left`, false, true],
      [`${WORK} — 10h 0m left`, true, true],
    ]);
    expect(radios[0]).toMatchObject({ action: { kind: 'switch', principal: ALICE } });
  });

  it('disables switching in a FILE cache, which holds one identity', () => {
    const { menu } = buildTrayModel(
      input({ status: status([cache(ALICE, { primary: true })], { switchable: false }) }),
    );
    expect(menu.filter((i) => i.type === 'radio').every((r) => r.type === 'radio' && !r.enabled)).toBe(true);
  });

  it('says there are no tickets instead of listing none', () => {
    const { menu } = buildTrayModel(input({ status: status([]) }));
    expect(item(menu, 'no-identities')).toMatchObject({ type: 'label', label: 'No tickets' });
  });

  it('repeats the tooltip first line as its status line (AppIndicator hosts show no tooltip)', () => {
    const model = buildTrayModel(input({ status: snapshot }));
    expect(item(model.menu, 'status')).toMatchObject({ type: 'label', label: model.tooltip.split('\n')[0] });
  });

  it('renews the Fedora ticket when it is renewable, else the primary; disabled when neither is', () => {
    expect(renewTarget(input({ status: snapshot }))).toBe(ALICE);
    const noRenew = status([cache(ALICE, { renewUntilIn: null }), cache(WORK, { primary: true })]);
    expect(renewTarget(input({ status: noRenew }))).toBe(WORK);
    const none = status([cache(ALICE, { renewUntilIn: null, primary: true })]);
    expect(item(buildTrayModel(input({ status: none })).menu, 'renew')).toMatchObject({
      enabled: false,
      action: { kind: 'renew', principal: null },
    });
  });

  it('does not offer to renew a ticket whose renew-until is not after its expiry', () => {
    const capped = status([cache(ALICE, { primary: true, expiresIn: 2 * HOUR, renewUntilIn: 2 * HOUR })]);
    expect(renewTarget(input({ status: capped }))).toBeNull();
  });

  it('offers to renew an expired ticket while renew-until lies ahead (a laptop that slept past the expiry)', () => {
    const slept = status([cache(ALICE, { primary: true, expiresIn: -10 * MIN })]);
    expect(renewTarget(input({ status: slept }))).toBe(ALICE);
    const over = status([cache(ALICE, { primary: true, expiresIn: -2 * HOUR, renewUntilIn: -HOUR })]);
    expect(renewTarget(input({ status: over }))).toBeNull();
  });

  it('skips uninitialised caches a failed kinit left behind', () => {
    const { menu } = buildTrayModel(
      input({ status: status([cache(null, { expiresIn: null }), cache(ALICE, { primary: true })]) }),
    );
    expect(menu.filter((i) => i.type === 'radio')).toHaveLength(1);
  });
});

describe('the tray follows the diagnosis', () => {
  it('a Copr check a saved session passed does not hide a wrong identity the diagnosis found', () => {
    const snapshot = status([cache(ALICE), cache(WORK, { primary: true })]);
    const passed = coprCheck({ ok: true, wouldUse: WORK });
    const trusting = buildTrayModel(input({ status: snapshot, copr: passed }));
    expect(trusting.tooltip).toContain('Copr OK');
    const diagnosed = buildTrayModel(input({ status: snapshot, copr: passed, doctorErrors: 1, identityProblem: true }));
    expect(diagnosed.state).toBe('problem');
    expect(diagnosed.tooltip).toContain(`but Copr would use ${WORK}`);
    expect(diagnosed.tooltip).not.toContain('Copr OK');
  });
});
