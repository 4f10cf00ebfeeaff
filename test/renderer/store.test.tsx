/** The store on its own, without React: actions call the API and keep what comes back. */
import { describe, expect, it } from 'vitest';
import { connectPushEvents, createAppStore } from '../../renderer/src/store';
import { asCallRejection } from '../../renderer/src/store/call';
import { ACTIVITY_LIMIT } from '../../shared/limits';
import { ok } from '../../shared/result';
import { activity, deferred, fakeApi, failedCheck, noTickets, twoIdentities } from './fake-api';

const CANARY = 'canary-Pa55-9f1c';

describe('createAppStore', () => {
  it('starts empty and calls nothing until init', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    expect(store.getState().status).toBeNull();
    expect(api.getStatus).not.toHaveBeenCalled();
    await store.getState().init();
    expect(api.getSettings).toHaveBeenCalledOnce();
    expect(api.getActivity).toHaveBeenCalledOnce();
    expect(store.getState().status?.primary).toBe('alice@EXAMPLE.COM');
    expect(store.getState().settings?.fedoraUser).toBe('alice');
    expect(store.getState().events.map((e) => e.kind)).toEqual(['switched', 'obtained']);
    expect(store.getState().statusBusy).toBe(false);
  });

  it('marks the status as loading while it is read', async () => {
    const pending = deferred<Awaited<ReturnType<typeof api.getStatus>>>();
    const api = fakeApi({ getStatus: () => pending.promise });
    const store = createAppStore(api);
    const refresh = store.getState().refreshStatus();
    expect(store.getState().statusBusy).toBe(true);
    pending.resolve(ok(twoIdentities()));
    await refresh;
    expect(store.getState().statusBusy).toBe(false);
  });

  it('keeps a status failure as data', async () => {
    const api = fakeApi({ getStatus: async () => ({ ok: false, error: { kind: 'tool-missing', tool: 'klist' } }) });
    const store = createAppStore(api);
    await store.getState().refreshStatus();
    expect(store.getState().ticketsFailure).toEqual({
      action: 'status',
      principal: null,
      problem: { source: 'krb', failure: { kind: 'tool-missing', tool: 'klist' } },
    });
  });
});

describe('tickets slice', () => {
  it('logs in without keeping the password anywhere in the state', async () => {
    const pending = deferred<Awaited<ReturnType<typeof api.login>>>();
    const api = fakeApi({ login: () => pending.promise });
    const store = createAppStore(api);
    const login = store
      .getState()
      .login({ principal: 'alice@FEDORAPROJECT.ORG', password: CANARY, otp: '123456', fedora: true });
    expect(store.getState().ticketsBusy).toEqual({ action: 'login', principal: 'alice@FEDORAPROJECT.ORG' });
    expect(JSON.stringify(store.getState())).not.toContain(CANARY);
    expect(JSON.stringify(store.getState())).not.toContain('123456');
    pending.resolve(ok({ principal: 'alice@FEDORAPROJECT.ORG', status: twoIdentities() }));
    expect(await login).toMatchObject({ principal: 'alice@FEDORAPROJECT.ORG' });
    expect(store.getState().ticketsBusy).toBeNull();
    expect(store.getState().status?.caches).toHaveLength(2);
    expect(store.getState().toasts.map((t) => t.text)).toEqual(['Got a ticket for alice@FEDORAPROJECT.ORG.']);
    expect(JSON.stringify(store.getState())).not.toContain(CANARY);
  });

  it('records a failed login as the last failure, still without the password', async () => {
    const failure = {
      kind: 'wrong-password',
      principal: 'alice@FEDORAPROJECT.ORG',
      detail: 'kinit: Password incorrect',
    } as const;
    const api = fakeApi({ login: async () => ({ ok: false, error: failure }) });
    const store = createAppStore(api);
    expect(await store.getState().login({ principal: 'alice@FEDORAPROJECT.ORG', password: CANARY })).toBeNull();
    expect(store.getState().ticketsFailure).toEqual({
      action: 'login',
      principal: 'alice@FEDORAPROJECT.ORG',
      problem: { source: 'krb', failure },
    });
    expect(JSON.stringify(store.getState())).not.toContain(CANARY);
  });

  it('switches, renews and destroys through the API, storing the status each returns', async () => {
    const api = fakeApi({ destroy: async () => ok(noTickets()) });
    const store = createAppStore(api);
    expect(await store.getState().switchPrimary('alice@FEDORAPROJECT.ORG')).toBe(true);
    expect(api.switchPrimary).toHaveBeenCalledWith('alice@FEDORAPROJECT.ORG');
    expect(await store.getState().renew('alice@FEDORAPROJECT.ORG')).toBe(true);
    expect(api.renew).toHaveBeenCalledWith('alice@FEDORAPROJECT.ORG');
    expect(store.getState().status?.caches).toHaveLength(2);
    expect(await store.getState().destroy('alice@EXAMPLE.COM')).toBe(true);
    expect(api.destroy).toHaveBeenCalledWith('alice@EXAMPLE.COM');
    expect(store.getState().status?.caches).toHaveLength(0);
  });

  it('reads the status again after a failed renewal, and keeps showing why it failed', async () => {
    const failure = { kind: 'ticket-expired', detail: 'kinit: Ticket expired while renewing credentials' } as const;
    const after = noTickets();
    const api = fakeApi({ renew: async () => ({ ok: false, error: failure }), getStatus: async () => ok(after) });
    const store = createAppStore(api);
    expect(await store.getState().renew('alice@EXAMPLE.COM')).toBe(false);
    expect(api.getStatus).toHaveBeenCalledOnce();
    expect(store.getState().status).toBe(after);
    expect(store.getState().ticketsFailure).toEqual({
      action: 'renew',
      principal: 'alice@EXAMPLE.COM',
      problem: { source: 'krb', failure },
    });
  });

  it('keeps the failed renewal as the failure when reading the status again fails too', async () => {
    const failure = { kind: 'ticket-expired', detail: 'kinit: Ticket expired while renewing credentials' } as const;
    const api = fakeApi({
      renew: async () => ({ ok: false, error: failure }),
      getStatus: async () => ({ ok: false, error: { kind: 'tool-missing', tool: 'klist' } }),
    });
    const store = createAppStore(api);
    expect(await store.getState().renew('alice@EXAMPLE.COM')).toBe(false);
    expect(api.getStatus).toHaveBeenCalledOnce();
    expect(store.getState().ticketsFailure?.action).toBe('renew');
  });

  it('does not read the status again after a renewal that worked (it returned one)', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    expect(await store.getState().renew('alice@EXAMPLE.COM')).toBe(true);
    expect(api.getStatus).not.toHaveBeenCalled();
  });

  it('clears the last failure when the next operation starts', async () => {
    const api = fakeApi({
      renew: async () => ({
        ok: false,
        error: { kind: 'not-renewable', detail: 'kinit: Ticket expired while renewing credentials' },
      }),
    });
    const store = createAppStore(api);
    await store.getState().renew('alice@EXAMPLE.COM');
    expect(store.getState().ticketsFailure?.action).toBe('renew');
    await store.getState().switchPrimary('alice@FEDORAPROJECT.ORG');
    expect(store.getState().ticketsFailure).toBeNull();
  });

  it('turns a refused call and a thrown error into problems instead of throwing', async () => {
    const api = fakeApi({
      switchPrimary: async () => ({ ok: false, error: { kind: 'forbidden' } }) as never,
      renew: async () => {
        throw new Error("Error invoking remote method 'krb:renew': boom");
      },
    });
    const store = createAppStore(api);
    expect(await store.getState().switchPrimary('x@Y')).toBe(false);
    expect(store.getState().ticketsFailure?.problem).toEqual({
      source: 'call',
      failure: { kind: 'rejected', rejection: { kind: 'forbidden' } },
    });
    expect(await store.getState().renew(null)).toBe(false);
    expect(store.getState().ticketsFailure?.problem).toEqual({
      source: 'call',
      failure: { kind: 'exception', message: "Error invoking remote method 'krb:renew': boom" },
    });
  });
});

describe('asCallRejection', () => {
  it('tells main refusing a call from Copr refusing access', () => {
    expect(asCallRejection({ ok: false, error: { kind: 'forbidden' } })).toEqual({ kind: 'forbidden' });
    expect(
      asCallRejection({ ok: false, error: { kind: 'invalid-request', channel: 'krb:login', reason: 'bad' } }),
    ).toEqual({
      kind: 'invalid-request',
      channel: 'krb:login',
      reason: 'bad',
    });
    expect(asCallRejection({ ok: false, error: { kind: 'forbidden', status: 403, serverMessage: 'no' } })).toBeNull();
    expect(asCallRejection(failedCheck())).toBeNull();
    expect(asCallRejection({ ok: true, value: 1 })).toBeNull();
  });
});

describe('push events', () => {
  it('are wired in one place and unsubscribe together', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    const disconnect = connectPushEvents(store, api);
    expect(api.listenerCount()).toBe(3);
    api.emitStatus(noTickets());
    expect(store.getState().status?.caches).toEqual([]);
    const event = {
      at: new Date().toISOString(),
      kind: 'renewed',
      principal: 'alice@FEDORAPROJECT.ORG',
      message: 'Renewed.',
    } as const;
    api.emitActivity(event);
    api.emitActivity(event);
    expect(store.getState().events).toEqual([event]);
    disconnect();
    expect(api.listenerCount()).toBe(0);
  });
});

describe('activity slice', () => {
  it('keeps events newest first and at most ACTIVITY_LIMIT of them', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    await store.getState().loadActivity();
    expect(store.getState().events[0]).toEqual(activity()[1]);
    for (let i = 0; i < ACTIVITY_LIMIT + 5; i++) {
      store.getState().addActivity({
        at: new Date(Date.now() + i * 1000).toISOString(),
        kind: 'renewed',
        principal: null,
        message: `event ${i}`,
      });
    }
    expect(store.getState().events).toHaveLength(ACTIVITY_LIMIT);
    expect(store.getState().events[0]?.message).toBe(`event ${ACTIVITY_LIMIT + 4}`);
  });
});

describe('copr slice', () => {
  it('targets the active profile until another is chosen, and saves the choice', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    await store.getState().init();
    await store.getState().loadOverview();
    expect(api.coprOverview).toHaveBeenLastCalledWith({ profile: 0 });
    await store.getState().selectCoprProfile(1);
    expect(api.updateSettings).toHaveBeenCalledWith({ activeCoprProfile: 1 });
    expect(api.coprOverview).toHaveBeenLastCalledWith({ profile: 1 });
    await store.getState().checkCopr('api');
    expect(api.coprCheck).toHaveBeenCalledWith({ profile: 1, semantics: 'api' });
    expect(store.getState().lastCheck).toMatchObject({ ok: true, value: { user: 'alice' } });
    expect(store.getState().lastCheckAt).not.toBeNull();
  });

  it('keeps a failed config action as a problem and re-reads the overview after one that worked', async () => {
    const api = fakeApi({
      coprPin: async () => ({ ok: false, error: { kind: 'file-changed', path: '/home/alice/.k5identity' } }),
    });
    const store = createAppStore(api);
    expect(await store.getState().pinCopr('alice@FEDORAPROJECT.ORG')).toBe(false);
    expect(store.getState().coprFailure).toEqual({
      action: 'pin',
      problem: { source: 'copr', failure: { kind: 'file-changed', path: '/home/alice/.k5identity' } },
    });
    expect(api.coprOverview).not.toHaveBeenCalled();
    expect(await store.getState().clearCoprSession()).toBe(true);
    expect(store.getState().coprFailure).toBeNull();
    expect(api.coprOverview).toHaveBeenCalledOnce();
    expect(store.getState().coprBusy).toBeNull();
  });
});

describe('doctor slice', () => {
  it('applies a fix, keeps its outcome and looks again', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    await store.getState().runDoctor();
    expect(store.getState().report?.findings).toHaveLength(2);
    const outcome = await store.getState().applyFix('switch-primary');
    expect(outcome?.ok).toBe(true);
    expect(store.getState().fixResults['switch-primary']?.message).toBe('alice@FEDORAPROJECT.ORG is now primary.');
    expect(api.doctor).toHaveBeenCalledTimes(2);
    expect(store.getState().fixBusy).toBeNull();
  });

  it('fetches the report text', async () => {
    const store = createAppStore(fakeApi());
    expect(await store.getState().fetchDoctorReport()).toContain('wrong-primary');
  });
});

describe('ui slice', () => {
  it('opens the login view with a prefill and a new serial, and caps the toasts', () => {
    const store = createAppStore(fakeApi());
    store.getState().openLogin({ mode: 'fedora', user: 'bob' });
    expect(store.getState().view).toBe('login');
    expect(store.getState().loginPrefill).toEqual({ mode: 'fedora', user: 'bob' });
    expect(store.getState().loginPrefillSerial).toBe(1);
    for (let i = 0; i < 5; i++) store.getState().pushToast('info', `t${i}`);
    expect(store.getState().toasts.map((t) => t.text)).toEqual(['t2', 't3', 't4']);
    store.getState().dismissToast(store.getState().toasts[0]!.id);
    expect(store.getState().toasts).toHaveLength(2);
  });

  it('reports a refused external link', async () => {
    const store = createAppStore(
      fakeApi({ openExternal: async () => ({ ok: false, error: { kind: 'not-allowed' } }) }),
    );
    expect(await store.getState().openExternalUrl('https://example.org/')).toBe(false);
    expect(store.getState().toasts[0]?.tone).toBe('error');
  });
});
