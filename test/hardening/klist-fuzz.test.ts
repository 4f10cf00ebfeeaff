/**
 * Hardening (issue 7, item 2): `parseKlistAll` fed random text and mutations of every recorded MIT
 * output (test/fixtures/kerberos). Whatever klist prints (a corrupted cache, a hostile principal
 * name, a locale we did not expect), the parser must return a well-formed result, never throw, and
 * take time proportional to its input. The time bounds are safety ceilings against pathological
 * blow-up (catastrophic regex backtracking), not speed claims: see test/support/fuzz/fuzz.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type ParsedKlist, parseKlistAll } from '../../electron/services/kerberos/klist-parse.js';
import type { TicketFlag } from '../../shared/krb.js';
import {
  type FuzzReport,
  type LinearityResult,
  type Pump,
  checkLinearity,
  fuzz,
  linearitySummary,
  mutate,
  pumped,
  randomText,
  suiteSeed,
} from '../support/fuzz/fuzz.js';
import { array, nullable, num, obj, oneOf, problemsOf, str } from '../support/fuzz/shape.js';
import { recordCounts } from './counts.js';

const SUITE = 'klist-parser';
const SEED = suiteSeed(SUITE);
const CASES = 10_000;

const FIXTURES = fileURLToPath(new URL('../fixtures/kerberos/', import.meta.url));
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
/** Every recorded run: klist's own, and other tools' output as text klist never prints. */
const RECORDED = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.cmd'))
  .map((f) => f.slice(0, -4))
  .sort()
  .map((name) => ({ name, stdout: read(`${name}.stdout`), stderr: read(`${name}.stderr`) }));
const KLIST = RECORDED.filter((r) => r.name.startsWith('klist'));
const DONORS = RECORDED.flatMap((r) => [r.stdout, r.stderr]).filter((t) => t !== '');

const TOKENS = [
  'Ticket cache: ',
  'Default principal: ',
  'Valid starting     Expires            Service principal\n',
  'DIR::/var/krbtest/ccache/tkt',
  'KEYRING:persistent:1000:1000',
  'FILE:/tmp/krb5cc_1000',
  'alice@FEDORAPROJECT.ORG',
  'krbtgt/FEDORAPROJECT.ORG@FEDORAPROJECT.ORG',
  '11/28/26 12:57:18  11/28/26 22:57:18  ',
  '01/01/1970 00:00:00',
  '99/99/99 99:99:99',
  '12/31/2068 23:59:59',
  '\trenew until ',
  '12/05/26 12:57:18',
  ', Flags: ',
  'FRIA',
  'FfPpDdRIiHATOa',
  'XYZ',
  '\tFlags: ',
  '\tEtype (skey, tkt): ',
  'aes256-cts-hmac-sha1-96, ',
  'klist: End of credential cache reached (filename: ',
  ')',
  '(',
  'klist: No credentials cache found',
  '\n',
  '\t',
  '  ',
  ', ',
];

const FLAGS: readonly TicketFlag[] = [
  'forwardable',
  'forwarded',
  'proxiable',
  'proxy',
  'may-postdate',
  'postdated',
  'renewable',
  'initial',
  'invalid',
  'hw-authenticated',
  'pre-authenticated',
  'transit-policy-checked',
  'ok-as-delegate',
  'anonymous',
];

const emptyCacheName = (path: string) => `DIR::${path}`;

const TICKET = obj({
  server: str({ nonEmpty: true, noNewline: true }),
  starts: num(),
  expires: num(),
  renewUntil: nullable(num()),
  flags: array(oneOf(...FLAGS)),
  sessionEnctype: nullable(str({ noNewline: true })),
  ticketEnctype: nullable(str({ noNewline: true })),
});
const PARSED = obj({
  caches: array(
    obj({
      cache: str({ nonEmpty: true, noNewline: true }),
      principal: nullable(str({ nonEmpty: true, noNewline: true })),
      tickets: array(TICKET),
    }),
  ),
  warnings: array(str({ nonEmpty: true, noNewline: true })),
});

interface KlistInput {
  readonly stdout: string;
  readonly stderr: string;
}

/** The shape, plus what follows from the input: no more caches than it names, warnings are its own lines. */
function check(parsed: ParsedKlist, input: KlistInput): string[] {
  const problems = problemsOf(PARSED, parsed);
  if (problems.length) return problems;
  const named =
    input.stdout.split('\n').filter((l) => l.startsWith('Ticket cache: ')).length +
    input.stderr.split('\n').filter((l) => l.startsWith('klist: End of credential cache reached')).length;
  if (parsed.caches.length > named) problems.push(`${parsed.caches.length} caches from an input naming ${named}`);
  const stderrLines = new Set(input.stderr.split('\n').map((l) => l.trim()));
  for (const w of parsed.warnings)
    if (!stderrLines.has(w)) problems.push(`warning ${JSON.stringify(w.slice(0, 40))} is not a line of stderr`);
  try {
    structuredClone(parsed);
  } catch (error) {
    problems.push(`not cloneable: ${String(error)}`);
  }
  return problems;
}

const reports: FuzzReport[] = [];
const pumps: LinearityResult[] = [];

afterAll(() => {
  const [r] = reports;
  recordCounts(SUITE, {
    target: 'parseKlistAll (electron/services/kerberos/klist-parse.ts)',
    seed: SEED,
    fuzzSeedEnv: process.env['FUZZ_SEED'] ?? null,
    'inputs tried': r?.cases ?? 0,
    cases: r?.cases ?? 0,
    exceptions: r?.exceptions ?? 0,
    malformed: r?.malformed ?? 0,
    overTime: r?.overTime ?? 0,
    skippedAfterOverTime: r?.skipped ?? 0,
    fixturesMutated: KLIST.length,
    totalBytes: r?.totalBytes ?? 0,
    largestInputBytes: r?.largestBytes ?? 0,
    slowestMs: Number((r?.slowestMs ?? 0).toFixed(2)),
    slowestInputBytes: r?.slowestBytes ?? 0,
    ...linearitySummary(pumps),
    origins: r?.origins ?? {},
  });
});

describe('parseKlistAll under fuzzing', () => {
  it('parses every recorded output into a well-formed result (the baseline the mutations start from)', () => {
    for (const r of RECORDED) {
      const parsed = parseKlistAll(r.stdout, r.stderr, emptyCacheName);
      expect(check(parsed, r), r.name).toEqual([]);
    }
    expect(parseKlistAll(read('klist_A_f_e.stdout'), '', emptyCacheName).caches.length).toBeGreaterThan(1);
  });

  it(`survives ${CASES} random and mutated outputs: never throws, always well formed, bounded time`, () => {
    const report = fuzz<KlistInput, ParsedKlist>({
      name: SUITE,
      seed: SEED,
      cases: CASES,
      size: (i) => i.stdout.length + i.stderr.length,
      run: (i) => parseKlistAll(i.stdout, i.stderr, emptyCacheName),
      check,
      generate: (rng) => {
        const r = rng.float();
        if (r < 0.15)
          return {
            input: { stdout: randomText(rng, TOKENS), stderr: rng.chance(0.3) ? randomText(rng, TOKENS, 10) : '' },
            origin: ['random'],
          };
        const base = rng.chance(0.9) ? rng.pick(KLIST) : rng.pick(RECORDED);
        const options = { tokens: TOKENS, donors: DONORS };
        const which = rng.weighted<'stdout' | 'stderr' | 'both' | 'swapped'>([
          [7, 'stdout'],
          [1.5, 'stderr'],
          [1, 'both'],
          [0.5, 'swapped'],
        ]);
        if (which === 'swapped') return { input: { stdout: base.stderr, stderr: base.stdout }, origin: ['swapped'] };
        const out = which === 'stderr' ? { text: base.stdout, ops: [] } : mutate(rng, base.stdout, options);
        const err = which === 'stdout' ? { text: base.stderr, ops: [] } : mutate(rng, base.stderr, options);
        return { input: { stdout: out.text, stderr: err.text }, origin: [`fixture`, ...out.ops, ...err.ops] };
      },
    });
    reports.push(report);
    expect(report.failures).toEqual([]);
    expect(report.cases + report.skipped).toBe(CASES);
  });
});

const TICKET_LINE = '11/28/26 12:57:18  11/28/26 22:57:18  krbtgt/FEDORAPROJECT.ORG@FEDORAPROJECT.ORG\n';
const CACHE =
  'Ticket cache: DIR::/run/user/1000/krb5cc/tkt\nDefault principal: alice@FEDORAPROJECT.ORG\n\nValid starting     Expires            Service principal\n';

/** Inputs of one shape at 100 KB and 1 MB; `where: 'stderr'` pumps klist's error output instead. */
const PUMPS: ReadonlyArray<Pump & { readonly where?: 'stderr' }> = [
  { name: 'a whole recorded collection, repeated', build: pumped('', read('klist_A_f_e.stdout'), '') },
  {
    name: 'one cache with many tickets',
    build: pumped(
      CACHE,
      `${TICKET_LINE}\trenew until 12/05/26 12:57:18, Flags: FRIA\n\tEtype (skey, tkt): aes256-cts-hmac-sha1-96, aes256-cts-hmac-sha1-96 \n`,
      '',
    ),
  },
  {
    name: 'a long service principal name',
    build: pumped(`${CACHE}11/28/26 12:57:18  11/28/26 22:57:18  `, 'HTTP/x', '\n'),
  },
  { name: 'a cache name with a long run of spaces inside', build: pumped('Ticket cache: DIR::/tmp/a', ' ', 'b\n') },
  {
    name: 'a default principal with a long run of spaces inside',
    build: pumped('Ticket cache: FILE:/tmp/x\nDefault principal: alice', ' ', 'x@EXAMPLE.COM\n'),
  },
  {
    name: 'an Etype line with a long run of spaces inside',
    build: pumped(`${CACHE}${TICKET_LINE}\tEtype (skey, tkt): aes256-cts-hmac-sha1-96, aes`, ' ', 'x\n'),
  },
  {
    name: 'a ticket line with a long run of spaces between the dates',
    build: pumped(`${CACHE}11/28/26 12:57:18`, ' ', '11/28/26 22:57:18  x\n'),
  },
  {
    name: 'a renew line with a long flags word',
    build: pumped(`${CACHE}${TICKET_LINE}\trenew until 12/05/26 12:57:18, Flags: `, 'FRIA', '\n'),
  },
  {
    name: 'a renew line with a long run of trailing tabs and a letter',
    build: pumped(`${CACHE}${TICKET_LINE}\trenew until 12/05/26 12:57:18`, '\t', 'x\n'),
  },
  { name: 'a line of only spaces', build: pumped(CACHE, ' ', '\n') },
  { name: 'many empty lines', build: pumped(CACHE, '\n', '') },
  { name: 'many carriage returns in one line', build: pumped('Ticket cache: a', '\r', 'b\n') },
  { name: 'digits and slashes that almost make a date', build: pumped(CACHE, '11/28/26 12:57:1', '\n') },
  {
    name: 'stderr: many empty-cache notices',
    where: 'stderr',
    build: pumped('', 'klist: End of credential cache reached (filename: /var/krbtest/ccache/tktgvQx2e)\n', ''),
  },
  {
    name: 'stderr: a notice whose file name is parentheses and spaces',
    where: 'stderr',
    build: pumped('klist: End of credential cache reached (filename: /x', ') ', 'y\n'),
  },
  {
    name: 'stderr: one long unknown line',
    where: 'stderr',
    build: pumped('klist: ', 'No credentials cache found ', '\n'),
  },
];

describe('parseKlistAll stays linear (no catastrophic backtracking)', () => {
  it.each(PUMPS.map((p) => [p.name, p] as const))('%s', (_name, pump) => {
    const run =
      pump.where === 'stderr'
        ? (text: string) => parseKlistAll('', text, emptyCacheName)
        : (text: string) => parseKlistAll(text, '', emptyCacheName);
    const result = checkLinearity(pump, run);
    pumps.push(result);
    expect(result.problem).toBeNull();
  });
});
