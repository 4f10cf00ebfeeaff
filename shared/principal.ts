import { type Result, err, ok } from './result.js';

/** Longest principal we accept; MIT has no fixed limit, but nothing real comes close. */
const MAX_PRINCIPAL_LENGTH = 256;

/**
 * Checks a principal typed by a user before it reaches a command line: not empty, no leading `-`
 * (it would be read as an option), no whitespace or control characters, and at most one unescaped
 * `@` with something on both sides of it. Returns the principal unchanged, or why it was refused.
 */
export function validatePrincipal(input: string): Result<string, string> {
  if (input.length === 0) return err('The principal is empty.');
  if (input.length > MAX_PRINCIPAL_LENGTH)
    return err(`The principal is longer than ${MAX_PRINCIPAL_LENGTH} characters.`);
  if (input.startsWith('-')) return err('A principal cannot start with "-".');
  // Whitespace, C0/C1 controls, DEL and the Unicode line/paragraph separators.
  if (/[\s\p{Cc}\u2028\u2029]/u.test(input)) return err('A principal cannot contain spaces or control characters.');
  const ats = unescapedAtPositions(input);
  if (ats.length > 1) return err('A principal can contain only one "@" (before the realm).');
  if (ats.length === 1) {
    const at = ats[0]!;
    if (at === 0) return err('The name before "@" is missing.');
    if (at === input.length - 1) return err('The realm after "@" is missing.');
  }
  if (input.endsWith('\\')) return err('A principal cannot end with a backslash.');
  return ok(input);
}

function unescapedAtPositions(input: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '\\') i++;
    else if (input[i] === '@') positions.push(i);
  }
  return positions;
}

/** The realm of a principal (after its last unescaped `@`), or null when it names none. */
export function realmOf(principal: string): string | null {
  const ats = unescapedAtPositions(principal);
  const at = ats[ats.length - 1];
  return at === undefined ? null : principal.slice(at + 1);
}

/** Adds `realm` to a principal that has none. */
export function withRealm(principal: string, realm: string): string {
  return realmOf(principal) === null ? `${principal}@${realm}` : principal;
}

/** The realms a name is checked against, as the Kerberos configuration gives them. */
export interface KnownRealms {
  /** `default_realm` from krb5.conf: what the MIT tools add to a name without a realm. */
  readonly defaultRealm: string | null;
  /** Every realm the configuration names (its `[realms]`, `[domain_realm]` and the default). */
  readonly realms: readonly string[];
}

/** Why a name could not be made a full principal; `suggestion` is the full principal the user most likely meant. */
export interface QualifyRefusal {
  readonly reason: string;
  readonly suggestion?: string;
}

/**
 * The full principal the MIT tools would act on for what the user typed, so that every report names
 * it: a name without a realm gets `default_realm`, as kinit, kswitch and kdestroy add it. Realms are
 * case-sensitive, and a realm that differs from a known one only in case is almost always a typo
 * that would silently act on (or create) a cache nobody wants, so it is refused with the right
 * spelling. A realm the configuration does not name at all is kept: DNS may still find its KDC.
 */
export function qualifyPrincipal(input: string, known: KnownRealms): Result<string, QualifyRefusal> {
  const checked = validatePrincipal(input);
  if (!checked.ok) return err({ reason: checked.error });
  const realm = realmOf(input);
  if (realm === null) {
    if (known.defaultRealm === null || known.defaultRealm === '')
      return err({
        reason: 'It names no realm (the part after "@"), and krb5.conf sets no default_realm to add.',
      });
    return ok(`${input}@${known.defaultRealm}`);
  }
  if (known.realms.includes(realm)) return ok(input);
  const spelled = known.realms.find((r) => r.toUpperCase() === realm.toUpperCase());
  if (spelled === undefined) return ok(input);
  const suggestion = `${input.slice(0, input.length - realm.length)}${spelled}`;
  return err({ reason: `Realm names are case-sensitive: did you mean ${suggestion}?`, suggestion });
}
