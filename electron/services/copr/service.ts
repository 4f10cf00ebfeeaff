/**
 * Copr, as copr-cli and python-copr reach it: config, method choice, the real check, sessions,
 * pins, token renewal. This entry binds the parts (check.ts, overview.ts, edits.ts) to one set of
 * options.
 */
import type { KrbStatus } from '../../../shared/krb.js';
import { type CheckRequest, checkCopr } from './check.js';
import { type CoprServiceOptions, type CoprTarget, coprContext, loadTarget } from './context.js';
import { type PinOptions, clearCachedSession, configure, pin, renewToken, unpin } from './edits.js';
import { coprOverview } from './overview.js';

export type { CoprServiceOptions, CoprTarget } from './context.js';

export type CoprService = ReturnType<typeof createCoprService>;

export function createCoprService(options: CoprServiceOptions) {
  const ctx = coprContext(options);
  return {
    check: (request: CheckRequest = {}) => checkCopr(ctx, request),
    overview: (target: CoprTarget = {}, status?: KrbStatus | null) => coprOverview(ctx, target, status),
    clearCachedSession: (target: CoprTarget = {}) => clearCachedSession(ctx, target),
    pin: (principal: string, target: CoprTarget = {}, options: PinOptions = {}) => pin(ctx, principal, target, options),
    unpin: (target: CoprTarget = {}) => unpin(ctx, target),
    configure: (edits: Parameters<typeof configure>[1], target: CoprTarget = {}) => configure(ctx, edits, target),
    renewToken: (target: CoprTarget = {}) => renewToken(ctx, target),
    load: (target: CoprTarget) => loadTarget(ctx, target),
  };
}
