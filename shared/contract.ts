/**
 * The one contract between the main process and the renderer. The preload implements `AppApi`,
 * the renderer calls it as `window.ticketTray`, and main registers one handler per channel; the
 * e2e bridge serves the same handler table over loopback. Every call is an `invoke` returning data:
 * expected failures are `Result` values, never thrown (Electron keeps only an error's message).
 */
import type { CoprCheck, CoprConfigSummary, CoprFailure, CoprOverview, CoprSemantics } from './copr.js';
import type { Diagnosis, DoctorReport, FixOutcome } from './doctor.js';
import type {
  KrbChange,
  KrbFailure,
  KrbStatus,
  LoginRequest,
  PasswordChangeFailure,
  PasswordChangeRequest,
  PasswordChanged,
} from './krb.js';
import type { Result } from './result.js';
import type { Settings } from './settings.js';

export type ActivityKind =
  | 'obtained'
  | 'renewed'
  | 'renew-failed'
  | 'expiring'
  | 'expired'
  | 'switched'
  | 'destroyed'
  | 'copr-check'
  | 'fix-applied'
  | 'password-changed';

export interface ActivityEvent {
  readonly at: string;
  readonly kind: ActivityKind;
  readonly principal: string | null;
  /** Plain words; never a secret. */
  readonly message: string;
}

/**
 * Refused by main before any service ran: the sender or the arguments were not acceptable. Any
 * call may resolve to `{ ok: false, error: CallRejection }` in place of its declared value; it
 * means a bug or a hostile frame, never an expected failure, so the methods' types leave it out
 * and the renderer recognises it in one place (`renderer/src/store/call.ts`). A Copr failure of
 * kind `forbidden` always carries a `status`; a rejection never does.
 */
export type CallRejection =
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'invalid-request'; readonly channel: string; readonly reason: string };

export interface CoprTargetRequest {
  /** Index into the settings' Copr profiles; default: the active one. */
  readonly profile?: number;
}

export interface AppApi {
  getStatus(): Promise<Result<KrbStatus, KrbFailure>>;
  login(request: LoginRequest): Promise<Result<KrbChange, KrbFailure>>;
  switchPrimary(principal: string): Promise<Result<KrbChange, KrbFailure>>;
  renew(principal: string | null): Promise<Result<KrbChange, KrbFailure>>;
  destroy(principal: string): Promise<Result<KrbStatus, KrbFailure>>;
  destroyAll(): Promise<Result<KrbStatus, KrbFailure>>;
  /**
   * Changes a password through the realm's kpasswd service. A Fedora account is answered with
   * `fedora-account`, which points at Fedora Accounts: Fedora has no kpasswd service.
   */
  changePassword(request: PasswordChangeRequest): Promise<Result<PasswordChanged, PasswordChangeFailure>>;

  coprOverview(target: CoprTargetRequest): Promise<Result<CoprOverview, CoprFailure>>;
  coprCheck(target: CoprTargetRequest & { readonly semantics?: CoprSemantics }): Promise<CoprCheck>;
  coprClearSession(
    target: CoprTargetRequest,
  ): Promise<Result<{ readonly path: string; readonly removed: boolean }, CoprFailure>>;
  coprPin(
    principal: string,
    target: CoprTargetRequest,
  ): Promise<Result<{ readonly host: string; readonly changed: boolean }, CoprFailure>>;
  coprUnpin(
    target: CoprTargetRequest,
  ): Promise<Result<{ readonly host: string; readonly changed: boolean }, CoprFailure>>;
  coprSetGssapi(on: boolean, target: CoprTargetRequest): Promise<Result<CoprConfigSummary, CoprFailure>>;

  doctor(): Promise<DoctorReport>;
  applyFix(fixId: string): Promise<FixOutcome>;
  doctorReport(): Promise<string>;
  /** The diagnosis main keeps current (null before the first one); `onDiagnosis` pushes each new one. */
  getDiagnosis(): Promise<Diagnosis | null>;

  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<
    Result<
      Settings,
      /** `configPath`: set when what was refused is the config file a Copr profile names. */
      { readonly kind: 'invalid'; readonly reason: string; readonly configPath?: string }
    >
  >;
  getActivity(): Promise<readonly ActivityEvent[]>;
  /** Opens https URLs of the configured Copr hosts and Fedora's account pages in the browser; anything else is refused. */
  openExternal(url: string): Promise<Result<void, { readonly kind: 'not-allowed' }>>;

  /** Push events; each returns its unsubscribe function. */
  onStatusChanged(listener: (status: KrbStatus) => void): () => void;
  onActivity(listener: (event: ActivityEvent) => void): () => void;
  onDiagnosis(listener: (diagnosis: Diagnosis) => void): () => void;
}

/** Invoke channels: `domain:verb`. The keys are AppApi's request methods. */
export const INVOKE_CHANNELS = {
  getStatus: 'krb:status',
  login: 'krb:login',
  switchPrimary: 'krb:switch',
  renew: 'krb:renew',
  destroy: 'krb:destroy',
  destroyAll: 'krb:destroy-all',
  changePassword: 'krb:change-password',
  coprOverview: 'copr:overview',
  coprCheck: 'copr:check',
  coprClearSession: 'copr:clear-session',
  coprPin: 'copr:pin',
  coprUnpin: 'copr:unpin',
  coprSetGssapi: 'copr:set-gssapi',
  doctor: 'doctor:run',
  applyFix: 'doctor:fix',
  doctorReport: 'doctor:report',
  getDiagnosis: 'doctor:diagnosis',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  getActivity: 'activity:list',
  openExternal: 'shell:open-external',
} as const satisfies Record<Exclude<keyof AppApi, `on${string}`>, string>;

/** Push channels, main → renderer. */
export const PUSH_CHANNELS = {
  onStatusChanged: 'krb:status-changed',
  onActivity: 'activity:event',
  onDiagnosis: 'doctor:diagnosis-changed',
} as const satisfies Record<Extract<keyof AppApi, `on${string}`>, string>;

export type InvokeMethod = keyof typeof INVOKE_CHANNELS;
