/**
 * The renderer's state: one zustand store in slices
 * (https://zustand.docs.pmnd.rs/guides/slices-pattern). Plain data from the AppApi, what is in
 * progress, and the last failure of each area. Never a password, OTP code or token.
 *
 * One naming scheme across the slices: `<area>Busy` is what runs in an area now (null, or false,
 * when nothing does), and `<area>Failure` is the last failure there, cleared when the next action
 * of the area starts. Components read combinations through the selectors in `selectors.ts`.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ActivityEvent, AppApi, CallRejection } from '../../../shared/contract';
import type { CoprCheck, CoprFailure, CoprOverview, CoprSemantics } from '../../../shared/copr';
import type { Diagnosis, DoctorReport, FixOutcome } from '../../../shared/doctor';
import type {
  KrbChange,
  KrbFailure,
  KrbStatus,
  LoginRequest,
  PasswordChangeFailure,
  PasswordChangeRequest,
  PasswordChanged,
} from '../../../shared/krb';
import type { Result } from '../../../shared/result';
import type { CoprProfile, Settings } from '../../../shared/settings';

/** Why a call produced no value of its declared type. */
export type CallFailure =
  | { readonly kind: 'rejected'; readonly rejection: CallRejection }
  | { readonly kind: 'exception'; readonly message: string };

/** A password change's answer, or why the call brought none (see `call.ts`). */
export type PasswordChangeReply =
  | { readonly ok: true; readonly value: Result<PasswordChanged, PasswordChangeFailure> }
  | { readonly ok: false; readonly failure: CallFailure };

/** Anything that can go wrong, as data; the views turn it into words. */
export type Problem =
  | { readonly source: 'krb'; readonly failure: KrbFailure }
  | { readonly source: 'copr'; readonly failure: CoprFailure }
  /** `configPath`: main refused the config file a Copr profile names (shown at that field). */
  | { readonly source: 'settings'; readonly reason: string; readonly configPath?: string }
  | { readonly source: 'call'; readonly failure: CallFailure };

/** The Kerberos operations; one runs at a time. */
export type TicketAction = 'login' | 'switch' | 'renew' | 'destroy' | 'destroy-all';

/** Kerberos: the status and the operations on it. */
export interface TicketsSlice {
  readonly status: KrbStatus | null;
  /** The status is being read. */
  readonly statusBusy: boolean;
  /** The operation running now. `principal` is null for "renew the primary" and "destroy all". */
  readonly ticketsBusy: { readonly action: TicketAction; readonly principal: string | null } | null;
  /** The last operation that failed (cleared when the next one starts). */
  readonly ticketsFailure: {
    readonly action: TicketAction | 'status';
    readonly principal: string | null;
    readonly problem: Problem;
  } | null;
  refreshStatus(): Promise<void>;
  /**
   * The request (and its password) is passed straight to the API and never kept. Resolves to what
   * the login did (the caller shows what it did to the primary), or null when it failed.
   */
  login(request: LoginRequest): Promise<KrbChange | null>;
  switchPrimary(principal: string): Promise<boolean>;
  renew(principal: string | null): Promise<boolean>;
  destroy(principal: string): Promise<boolean>;
  destroyAll(): Promise<boolean>;
  /**
   * Passes the request (and both passwords) straight to the API and keeps nothing: the dialog that
   * asked shows the answer. The status does not change, so nothing here does either.
   */
  changePassword(request: PasswordChangeRequest): Promise<PasswordChangeReply>;
  clearTicketsFailure(): void;
}

/** The Copr operations, for the progress line and the failure they may leave. */
export type CoprAction = 'overview' | 'check' | 'clear-session' | 'pin' | 'unpin' | 'gssapi';

/** Copr: the chosen profile's overview, the last check and the config actions. */
export interface CoprSlice {
  /** The profile shown (index into settings.coprProfiles); follows the active one until chosen. */
  readonly coprProfile: number | null;
  readonly overview: CoprOverview | null;
  readonly overviewFailure: Problem | null;
  readonly lastCheck: CoprCheck | null;
  /** When the last check finished (ISO). */
  readonly lastCheckAt: string | null;
  /** The diagnosis's change number when the last check started: a later change makes the check outdated. */
  readonly lastCheckChange: number | null;
  readonly coprBusy: CoprAction | null;
  /** The last Copr action (other than reading the overview) that failed. */
  readonly coprFailure: { readonly action: CoprAction; readonly problem: Problem } | null;
  /** Shows profile `index` and makes it the tray's; false when that could not be saved (the view shows it all the same). */
  selectCoprProfile(index: number): Promise<boolean>;
  loadOverview(): Promise<void>;
  checkCopr(semantics?: CoprSemantics): Promise<void>;
  clearCoprSession(): Promise<boolean>;
  pinCopr(principal: string): Promise<boolean>;
  unpinCopr(): Promise<boolean>;
  setCoprGssapi(on: boolean): Promise<boolean>;
}

/** The troubleshooter's report and the fixes applied. */
export interface DoctorSlice {
  /** The findings shown: main's latest diagnosis, or the last "Run again", whichever came last. */
  readonly report: DoctorReport | null;
  /** The diagnosis main keeps current (pushed after every change); null until main has one. */
  readonly diagnosis: Diagnosis | null;
  /** The troubleshooter is running. */
  readonly doctorBusy: boolean;
  readonly doctorFailure: Problem | null;
  /** The fix being applied. */
  readonly fixBusy: string | null;
  /** The outcome of each fix applied since the app opened, by fix id. */
  readonly fixResults: Readonly<Record<string, FixOutcome>>;
  runDoctor(): Promise<void>;
  /** Reads main's current diagnosis (at start; pushes keep it current after). */
  loadDiagnosis(): Promise<void>;
  /** A diagnosis main pushed. */
  diagnosisChanged(diagnosis: Diagnosis): void;
  applyFix(fixId: string): Promise<FixOutcome | null>;
  /** The plain-text report for pasting into a forum post, or null when it could not be made. */
  fetchDoctorReport(): Promise<string | null>;
}

/** Recent events from main. */
export interface ActivitySlice {
  /** Newest first, at most `ACTIVITY_LIMIT` (shared/limits.ts). */
  readonly events: readonly ActivityEvent[];
  loadActivity(): Promise<void>;
  addActivity(event: ActivityEvent): void;
}

/** The settings main keeps. */
export interface SettingsSlice {
  readonly settings: Settings | null;
  /** Why the settings could not be read. */
  readonly settingsLoadFailure: Problem | null;
  /** The keys of the change being saved now (changes are saved one at a time, in order). */
  readonly settingsBusy: readonly (keyof Settings)[] | null;
  /** The last change that was not saved, by the keys it changed (cleared when the next one starts). */
  readonly settingsFailure: { readonly keys: readonly (keyof Settings)[]; readonly problem: Problem } | null;
  loadSettings(): Promise<void>;
  /** Saves `patch` after any change still being saved; true when main accepted it. */
  updateSettings(patch: Partial<Settings>): Promise<boolean>;
  /** Adds a Copr profile at the end of the list (at most `SETTINGS_LIMITS.maxProfiles`, shared/limits.ts). */
  addCoprProfile(profile: CoprProfile): Promise<boolean>;
  /**
   * Removes a Copr profile, never the only one. The active profile stays active (its index moves
   * with it); when it is the one removed, the first of the others becomes active.
   */
  removeCoprProfile(index: number): Promise<boolean>;
  /** Makes a Copr profile the active one (the tray's "Check Copr" and the Copr view use it). */
  setActiveCoprProfile(index: number): Promise<boolean>;
  clearSettingsFailure(): void;
}

/** The window's views, one per tab. */
export type View = 'identities' | 'login' | 'copr' | 'troubleshoot' | 'activity' | 'settings';

/** What the login form starts with when another view sends the user there. Never a password. */
export type LoginPrefill =
  { readonly mode: 'fedora'; readonly user: string } | { readonly mode: 'other'; readonly principal: string };

/** Why main opened a normal window (no tray on this desktop, or the first run). */
export type WindowNotice = 'no-tray' | 'first-run' | null;

/** A short message about what an action did. */
export interface Toast {
  readonly id: number;
  readonly tone: 'success' | 'error' | 'info';
  readonly text: string;
}

/** What the window shows. */
export interface UiSlice {
  readonly view: View;
  readonly notice: WindowNotice;
  readonly loginPrefill: LoginPrefill | null;
  /** Changes whenever a new prefill arrives, so the login form starts afresh. */
  readonly loginPrefillSerial: number;
  readonly toasts: readonly Toast[];
  setView(view: View): void;
  dismissNotice(): void;
  openLogin(prefill: LoginPrefill | null): void;
  pushToast(tone: Toast['tone'], text: string): void;
  /** Opens an https page in the browser (main allows Copr hosts and Fedora's account pages only). */
  openExternalUrl(url: string): Promise<boolean>;
  dismissToast(id: number): void;
}

/** Start-up. */
export interface LifecycleSlice {
  /** Reads settings, status and activity once at start. */
  init(): Promise<void>;
}

/** The whole state: every slice's data and actions. */
export type AppState = TicketsSlice &
  CoprSlice &
  DoctorSlice &
  ActivitySlice &
  SettingsSlice &
  UiSlice &
  LifecycleSlice;

/** A slice creator with the API injected, so tests need no Electron. */
export type SliceCreator<T> = (api: AppApi) => StateCreator<AppState, [], [], T>;
