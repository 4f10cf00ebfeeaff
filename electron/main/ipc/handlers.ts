/**
 * The one handler table of the contract: main registers it on `ipcMain` (`ipc-main.ts`), and the
 * end-to-end bridge serves the very same table over loopback, so what the tests drive is what the
 * app runs. Every handler checks its (untrusted) arguments with `guards.ts` first, then calls
 * a service. No `electron` import: opening a URL is a function handed in.
 */
import type {
  ActivityEvent,
  AppApi,
  CallRejection,
  CoprTargetRequest,
  InvokeMethod,
} from '../../../shared/contract.js';
import { DEFAULT_COPR_URL, type CoprCheck } from '../../../shared/copr.js';
import type { Diagnosis, DoctorReport } from '../../../shared/doctor.js';
import { describeKrbFailure } from '../../../shared/krb-messages.js';
import {
  FEDORA_REALM,
  type KrbChange,
  type KrbFailure,
  type KrbStatus,
  type LoginRequest,
} from '../../../shared/krb.js';
import { realmOf } from '../../../shared/principal.js';
import { rememberLogin } from '../../../shared/remembered-logins.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { describeCoprFailure } from '../../services/copr/messages.js';
import {
  coprTargetFor,
  type ActivityPort,
  type CoprPort,
  type DoctorPort,
  type KrbPort,
  type SettingsPort,
} from '../app/ports.js';
import { MESSAGES } from '../messages.js';
import { checkExternalUrl } from '../window/security.js';
import { fedoraPasswordRefusal, guardArgs, type InvokeArgs } from './guards.js';

/** Results main cares about beyond the reply (the tray shows the last Copr check and the doctor's errors). */
export interface HandlerEvents {
  /** A snapshot an action returned: the tray and the window need not wait for the collection watch. */
  statusChanged?(status: KrbStatus): void;
  /** How the last login ended (the troubleshooter explains a failed one). */
  loginFinished?(failure: KrbFailure | null): void;
  coprChecked?(check: CoprCheck): void;
  doctorRan?(report: DoctorReport): void;
}

/** Everything the handlers call; main passes the real services, tests and the e2e bridge pass their own. */
export interface HandlerServices {
  readonly krb: KrbPort;
  readonly copr: CoprPort;
  readonly doctor?: DoctorPort | undefined;
  readonly settings: SettingsPort;
  readonly activity: ActivityPort;
  /** `shell.openExternal` in the app; called only with an allowed, normalised https URL. */
  openExternal(url: string): Promise<void>;
  readonly events?: HandlerEvents;
  readonly now?: () => number;
  /** The diagnosis main keeps current; without one (tests), `getDiagnosis` answers null. */
  readonly diagnosis?: () => Diagnosis | null;
}

/** The message a renderer sees when a handler failed unexpectedly; the real error stays in main. */
export const INTERNAL_ERROR = 'Ticket Tray could not complete this request.';

/** What the renderer gets when main refused a call before any service ran. */
export type Rejected = { readonly ok: false; readonly error: CallRejection };
type Reply<K extends InvokeMethod> = Awaited<ReturnType<AppApi[K]>>;
type Impl<K extends InvokeMethod> = (...args: InvokeArgs<K>) => Promise<Reply<K>>;
/** One channel's handler: untrusted arguments in, the contract's reply (or a rejection) out. */
export type Handler<K extends InvokeMethod> = (...args: unknown[]) => Promise<Reply<K> | Rejected>;
/** One handler per invoke method of the contract, no more, no fewer. */
export type HandlerTable = { readonly [K in InvokeMethod]: Handler<K> };

const FEDORA_COPR_HOST = new URL(DEFAULT_COPR_URL).host;

/** Builds the table; its keys are exactly the contract's invoke methods (the mapped type checks it). */
export function createHandlers(services: HandlerServices): HandlerTable {
  const impl = implementations(services);
  const wrap =
    <K extends InvokeMethod>(method: K): Handler<K> =>
    async (...args: unknown[]): Promise<Reply<K> | Rejected> => {
      const checked = guardArgs(method, args);
      if (!checked.ok) return { ok: false, error: checked.error };
      const run = impl[method] as Impl<K>;
      const reply: Reply<K> = await run(...checked.value);
      return reply;
    };
  const table = {} as Record<InvokeMethod, Handler<InvokeMethod>>;
  for (const method of Object.keys(impl) as InvokeMethod[]) table[method] = wrap(method);
  return table as HandlerTable;
}

type Impls<M extends InvokeMethod> = { readonly [K in M]: Impl<K> };
type KrbMethod = 'getStatus' | 'login' | 'switchPrimary' | 'renew' | 'destroy' | 'destroyAll' | 'changePassword';
type CoprMethod = Extract<InvokeMethod, `copr${string}`>;
type DoctorMethod = 'doctor' | 'applyFix' | 'doctorReport' | 'getDiagnosis';
type AppMethod = Exclude<InvokeMethod, KrbMethod | CoprMethod | DoctorMethod>;

/** Records an activity event at the services' clock. */
const logger = (s: HandlerServices) => (kind: ActivityEvent['kind'], principal: string | null, message: string) =>
  s.activity.add({ at: new Date((s.now ?? Date.now)()).toISOString(), kind, principal, message });

function implementations(s: HandlerServices): Impls<InvokeMethod> {
  return { ...krbHandlers(s), ...coprHandlers(s), ...doctorHandlers(s), ...appHandlers(s) };
}

function krbHandlers(s: HandlerServices): Impls<KrbMethod> {
  const log = logger(s);
  /** Passes on the snapshot inside a successful result, then returns the result unchanged. */
  const tell = <R extends Result<KrbStatus | KrbChange, KrbFailure>>(result: R): R => {
    if (result.ok) s.events?.statusChanged?.('status' in result.value ? result.value.status : result.value);
    return result;
  };
  return {
    getStatus: async () => tell(await s.krb.getStatus()),
    login: async (request) => {
      const result = tell(await s.krb.login(request));
      s.events?.loginFinished?.(result.ok ? null : result.error);
      if (result.ok && request.fedora) await rememberFedoraUser(s.settings, request);
      if (result.ok) await rememberLoginOptions(s.settings, result.value.principal, request);
      return result;
    },
    switchPrimary: async (principal) => tell(await s.krb.switchPrimary(principal)),
    renew: async (principal) => {
      const result = tell(await s.krb.renew(principal ?? undefined));
      if (!result.ok)
        log(
          'renew-failed',
          principal,
          MESSAGES.activity.renewFailed(principal ?? 'the primary identity', describeKrbFailure(result.error)),
        );
      return result;
    },
    destroy: async (principal) => tell(await s.krb.destroy(principal)),
    destroyAll: async () => tell(await s.krb.destroyAll()),
    changePassword: async (request) => {
      const refusal = fedoraPasswordRefusal(request);
      if (refusal) return err(refusal);
      const result = await s.krb.changePassword(request);
      // Only the principal is logged: the request holds both passwords.
      if (result.ok)
        log('password-changed', result.value.principal, MESSAGES.activity.passwordChanged(result.value.principal));
      return result;
    },
  };
}

function coprHandlers(s: HandlerServices): Impls<CoprMethod> {
  const log = logger(s);
  const target = (request: CoprTargetRequest) => coprTarget(s.settings, request);
  return {
    coprOverview: async (request) => s.copr.overview(await target(request)),
    coprCheck: async (request) => {
      const { semantics, ...rest } = request;
      const check = await s.copr.check({ ...(await target(rest)), ...(semantics ? { semantics } : {}) });
      log(
        'copr-check',
        check.ok ? check.value.principal : null,
        check.ok
          ? MESSAGES.activity.coprOk(check.value.user)
          : MESSAGES.activity.coprFailed(describeCoprFailure(check.error)),
      );
      // The tray shows the active profile's result only.
      if (rest.profile === undefined || rest.profile === (await s.settings.get()).activeCoprProfile)
        s.events?.coprChecked?.(check);
      return check;
    },
    coprClearSession: async (request) =>
      pick(await s.copr.clearSession(await target(request)), ({ path, removed }) => ({ path, removed })),
    coprPin: async (principal, request) =>
      pick(await s.copr.pin(principal, await target(request)), ({ host, changed }) => ({ host, changed })),
    coprUnpin: async (request) =>
      pick(await s.copr.unpin(await target(request)), ({ host, changed }) => ({ host, changed })),
    coprSetGssapi: async (on, request) => s.copr.setGssapi(on, await target(request)),
  };
}

/** Without a troubleshooter (not loaded): a report with no findings, and fixes that say so. */
function doctorHandlers(s: HandlerServices): Impls<DoctorMethod> {
  const log = logger(s);
  return {
    doctor: async () => {
      const report = s.doctor
        ? await s.doctor.run()
        : { findings: [], checkedAt: new Date((s.now ?? Date.now)()).toISOString() };
      s.events?.doctorRan?.(report);
      return report;
    },
    applyFix: async (fixId) => {
      if (!s.doctor) return { fixId, ok: false, message: MESSAGES.doctor.unavailable };
      const outcome = await s.doctor.applyFix(fixId);
      if (!outcome.ok) return outcome;
      log('fix-applied', null, MESSAGES.activity.fixApplied(outcome.message));
      // A fix may have changed the collection (a switch, a renewal): the window and the tray need not wait for the watch.
      const after = await s.krb.getStatus();
      if (after.ok) s.events?.statusChanged?.(after.value);
      // A fix that is a web page (Copr's login or token page) is opened, if the allowlist agrees.
      const href = outcome.url ? checkExternalUrl(outcome.url, await coprHosts(s)) : null;
      if (href) await s.openExternal(href);
      return outcome;
    },
    doctorReport: async () => (s.doctor ? s.doctor.report() : MESSAGES.doctor.unavailable),
    getDiagnosis: async () => s.diagnosis?.() ?? null,
  };
}

function appHandlers(s: HandlerServices): Impls<AppMethod> {
  return {
    getSettings: () => s.settings.get(),
    updateSettings: (patch) => s.settings.update(patch),
    getActivity: async () => s.activity.list(),
    openExternal: async (url) => {
      const href = checkExternalUrl(url, await coprHosts(s));
      if (href === null) return err({ kind: 'not-allowed' as const });
      await s.openExternal(href);
      return ok(undefined);
    },
  };
}

const pick = <T, U, E>(result: Result<T, E>, fn: (value: T) => U): Result<U, E> =>
  result.ok ? ok(fn(result.value)) : result;

/** The Copr config a request means: the given profile, else the active one. */
async function coprTarget(settings: SettingsPort, request: CoprTargetRequest) {
  return coprTargetFor(await settings.get(), request.profile);
}

/** Hosts `openExternal` may open: Fedora's Copr, and the host of every configured profile's copr_url. */
async function coprHosts(s: HandlerServices): Promise<string[]> {
  const { coprProfiles } = await s.settings.get();
  const loaded = await Promise.all(
    coprProfiles.map((p) => s.copr.load(p.configPath ? { configPath: p.configPath } : {})),
  );
  return [FEDORA_COPR_HOST, ...loaded.flatMap((r) => (r.ok ? [r.value.summary.netloc, r.value.summary.host] : []))];
}

/** The principal and the options it asked for are offered by the next login form; never the password. */
async function rememberLoginOptions(settings: SettingsPort, principal: string, request: LoginRequest): Promise<void> {
  const current = await settings.get();
  await settings.update({
    rememberedLogins: rememberLogin(current.rememberedLogins, principal, request.options ?? {}),
  });
}

/** The Fedora account name fills in the next login form; it is not a secret. */
async function rememberFedoraUser(settings: SettingsPort, request: LoginRequest): Promise<void> {
  const realm = realmOf(request.principal);
  if (realm !== null && realm !== FEDORA_REALM) return;
  const user = realm === null ? request.principal : request.principal.slice(0, -(realm.length + 1));
  const current = await settings.get();
  if (current.fedoraUser !== user) await settings.update({ fedoraUser: user });
}
