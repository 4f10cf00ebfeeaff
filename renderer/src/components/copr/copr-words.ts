/** Copr's methods, clients and identity reasons in words. */
import type { CoprMethod, CoprSemantics, IdentityChoice } from '../../../../shared/copr';
import { type TextKey, t } from '../../i18n';

const METHOD: Readonly<Record<CoprMethod, TextKey>> = {
  token: 'copr.method.token',
  gssapi: 'copr.method.gssapi',
  none: 'copr.method.none',
};

/** The method as a name, for "Method: …". */
const METHOD_NAME: Readonly<Record<CoprMethod, TextKey>> = {
  token: 'copr.check.methodName.token',
  gssapi: 'copr.check.methodName.gssapi',
  none: 'copr.check.methodName.none',
};

const CLIENT: Readonly<Record<CoprSemantics, TextKey>> = {
  cli: 'copr.semantics.cli',
  api: 'copr.semantics.api',
};

const WHY: Readonly<Record<IdentityChoice['why'], TextKey>> = {
  pinned: 'copr.identity.why.pinned',
  'host-realm': 'copr.identity.why.hostRealm',
  primary: 'copr.identity.why.primary',
};

/** "API token", "Kerberos (GSSAPI)", "no login". */
export const methodWord = (method: CoprMethod): string => t(METHOD[method]);
/** "API token", "Kerberos (GSSAPI)", "none": the method by name. */
export const methodName = (method: CoprMethod): string => t(METHOD_NAME[method]);
/** "copr-cli", "the Python API". */
export const clientWord = (semantics: CoprSemantics): string => t(CLIENT[semantics]);
/** Why GSSAPI picks the identity it picks. */
export const whyWord = (why: IdentityChoice['why']): string => t(WHY[why]);
