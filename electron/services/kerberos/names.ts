import { FEDORA_REALM, type KrbFailure } from '../../../shared/krb.js';
import { type KnownRealms, qualifyPrincipal } from '../../../shared/principal.js';
import { type Result, err } from '../../../shared/result.js';
import { loadKrb5Config } from './krb5-conf.js';
import type { ToolEnv } from './toolbox.js';

/** Turns what a user typed into the full principal the tools will act on, or says why it cannot be one. */
export type QualifyName = (
  input: string,
  options?: { readonly defaultRealm?: string },
) => Promise<Result<string, KrbFailure>>;

/**
 * Qualifies names against the Kerberos configuration the tools read (KRB5_CONFIG or /etc/krb5.conf),
 * read afresh each time, as the tools do. `defaultRealm` replaces krb5.conf's for one call (the
 * Fedora login's names are Fedora accounts, whatever the laptop's default realm).
 */
export function createQualifier(env: ToolEnv): QualifyName {
  return async (input, options = {}) => {
    const known = await knownRealms(env);
    const qualified = qualifyPrincipal(input, {
      ...known,
      ...(options.defaultRealm === undefined ? {} : { defaultRealm: options.defaultRealm }),
    });
    if (qualified.ok) return qualified;
    const { reason, suggestion } = qualified.error;
    return err({ kind: 'invalid-input', field: 'principal', reason, ...(suggestion ? { suggestion } : {}) });
  };
}

/** The realms krb5.conf names anywhere, plus Fedora's, which a laptop without Fedora's snippet still means. */
async function knownRealms(env: ToolEnv): Promise<KnownRealms> {
  const conf = await loadKrb5Config(env);
  const defaultRealm = conf.libdefault('default_realm') ?? null;
  const realms = new Set<string>([
    ...(defaultRealm ? [defaultRealm] : []),
    ...conf.realms(),
    ...conf.domainRealmEntries().map(([, realm]) => realm),
    FEDORA_REALM,
  ]);
  return { defaultRealm, realms: [...realms] };
}
