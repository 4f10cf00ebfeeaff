import { describe, expect, it } from 'vitest';
import { createController, type ControllerPorts } from '../../../electron/main/app/controller.js';
import { createActivityLog } from '../../../electron/main/tickets/activity-log.js';
import { ok } from '../../../shared/result.js';
import { ALICE, HOUR, MIN, T0, WORK, cache, coprCheck, settings, status } from './builders.js';

/**
 * Automatic renewal of a cache that is not the primary one asks the Kerberos service to renew that
 * principal (which renews its cache in place, see test/integration/krb-service.test.ts) and never
 * switches: the Fedora primary Copr needs must stay where it is.
 */
describe('automatic renewal of a non-primary cache', () => {
  it('renews that principal and never switches the primary', async () => {
    const calls: string[] = [];
    const renewed = status([
      cache(ALICE, { primary: true, expiresIn: 9 * HOUR }),
      cache(WORK, { expiresIn: 10 * HOUR }),
    ]);
    const ports: ControllerPorts = {
      krb: {
        renew: async (p) => (
          calls.push(`renew ${p}`),
          ok({ principal: p!, status: renewed, primaryBefore: ALICE, primaryAfter: ALICE })
        ),
        switchPrimary: async (p: string) => (calls.push(`switch ${p}`), ok({ principal: p, status: renewed })),
      },
      copr: { check: async () => coprCheck({ ok: true }) },
      settings: { current: () => settings({ autoRenew: true }) },
      activity: createActivityLog(),
      systemRenews: false,
      now: () => T0,
      showNotice: () => undefined,
      renderTray: () => undefined,
      showWindow: () => undefined,
      quit: () => undefined,
      setTimer: () => () => undefined,
    };
    const controller = createController(ports);
    controller.statusChanged(
      status([cache(ALICE, { primary: true, expiresIn: 9 * HOUR }), cache(WORK, { expiresIn: 20 * MIN })]),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([`renew ${WORK}`]);
  });
});
