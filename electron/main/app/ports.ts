/**
 * What the handler table and the controller need of the services, in one module both import (so
 * neither depends on the other). Each operation keeps the name the contract gives it, less the
 * domain word its port already says: the handler `switchPrimary` calls `krb.switchPrimary`,
 * `coprClearSession` calls `copr.clearSession`, `doctorReport` calls `doctor.report`. The
 * troubleshooter's run (`doctor`) is `doctor.run`, and the activity list (`getActivity`) is
 * `activity.list`. The services keep their own names; `krbPort` and `coprPort` are the one place
 * that maps them.
 */
import type { CoprCheck, CoprConfigSummary, CoprFailure, CoprOverview, CoprSemantics } from '../../../shared/copr.js';
import type { DoctorReport, FixOutcome } from '../../../shared/doctor.js';
import type { KrbStatus } from '../../../shared/krb.js';
import type { Result } from '../../../shared/result.js';
import type { Settings } from '../../../shared/settings.js';
import type { CoprService, CoprTarget } from '../../services/copr/service.js';
import type { KrbService } from '../../services/kerberos/service.js';
import type { SettingsStore } from '../settings/store.js';
import type { ActivityLog } from '../tickets/activity-log.js';

/** The Kerberos operations of the contract. */
export interface KrbPort {
  getStatus: KrbService['status'];
  login: KrbService['login'];
  switchPrimary: KrbService['switchTo'];
  renew: KrbService['renew'];
  destroy: KrbService['destroy'];
  destroyAll: KrbService['destroyAll'];
  changePassword: KrbService['changePassword'];
}

type Pinned = { readonly host: string; readonly changed: boolean };

/** The Copr operations of the contract, and `load` (the allowlist of hosts to open reads every profile's config). */
export interface CoprPort {
  check(target: CoprTarget & { semantics?: CoprSemantics; status?: KrbStatus | null }): Promise<CoprCheck>;
  overview(target: CoprTarget): Promise<Result<CoprOverview, CoprFailure>>;
  clearSession(target: CoprTarget): Promise<Result<{ readonly path: string; readonly removed: boolean }, CoprFailure>>;
  pin(principal: string, target: CoprTarget): Promise<Result<Pinned, CoprFailure>>;
  unpin(target: CoprTarget): Promise<Result<Pinned, CoprFailure>>;
  setGssapi(on: boolean, target: CoprTarget): Promise<Result<CoprConfigSummary, CoprFailure>>;
  load(target: CoprTarget): Promise<Result<{ readonly summary: CoprConfigSummary }, CoprFailure>>;
}

/** The troubleshooter; optional where it is used, because it needs the Copr service, which may fail to load. */
export interface DoctorPort {
  run(): Promise<DoctorReport>;
  applyFix(fixId: string): Promise<FixOutcome>;
  report(): Promise<string>;
}

export type SettingsPort = Pick<SettingsStore, 'get' | 'update'>;
export type ActivityPort = Pick<ActivityLog, 'add' | 'list'>;

/** The Kerberos service under the contract's names. */
export function krbPort(krb: KrbService): KrbPort {
  return {
    getStatus: () => krb.status(),
    login: (request) => krb.login(request),
    switchPrimary: (principal) => krb.switchTo(principal),
    renew: (principal) => krb.renew(principal),
    destroy: (principal) => krb.destroy(principal),
    destroyAll: () => krb.destroyAll(),
    changePassword: (request) => krb.changePassword(request),
  };
}

/** The Copr service under the contract's names. */
export function coprPort(copr: CoprService): CoprPort {
  return {
    check: (target) => copr.check(target),
    overview: (target) => copr.overview(target),
    clearSession: (target) => copr.clearCachedSession(target),
    pin: (principal, target) => copr.pin(principal, target),
    unpin: (target) => copr.unpin(target),
    setGssapi: (on, target) => copr.configure({ gssapi: on }, target),
    load: (target) => copr.load(target),
  };
}

/**
 * The Copr service's target for a profile index (default: the active profile). A profile index
 * past the list (settings changed meanwhile) falls back to the active profile rather than failing.
 */
export function coprTargetFor(settings: Settings, profile?: number): CoprTarget {
  const chosen =
    settings.coprProfiles[profile ?? settings.activeCoprProfile] ?? settings.coprProfiles[settings.activeCoprProfile];
  return chosen?.configPath ? { configPath: chosen.configPath } : {};
}
