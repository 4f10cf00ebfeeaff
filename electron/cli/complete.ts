import { readFile } from 'node:fs/promises';
import {
  COMMANDS,
  type CommandSpec,
  GLOBAL_OPTIONS,
  TOP_LEVEL_WORDS,
  type ValueSource,
  commandsUnder,
} from './commands.js';
import { fixIdsPath } from './fix-ids-path.js';

/** Where dynamic candidates come from; injected so the word logic is tested without a collection. */
export interface CandidateSources {
  principals(): Promise<readonly string[]>;
  fixIds(): Promise<readonly string[]>;
}

/**
 * `ticket-tray __complete <words…>`: the candidates for the last word, given the words typed
 * after `ticket-tray` (the last one possibly empty). File and URL values get no candidates, so
 * the shell falls back to its own file completion.
 */
export async function candidates(words: readonly string[], sources: CandidateSources): Promise<string[]> {
  const done = words.slice(0, -1);
  const current = words.at(-1) ?? '';
  const matching = (list: readonly string[]) => list.filter((w) => w.startsWith(current));
  const [first, second] = done;
  if (first === undefined)
    return matching(current.startsWith('-') ? GLOBAL_OPTIONS.map((o) => `--${o.name}`) : [...TOP_LEVEL_WORDS, 'help']);
  if (first === 'help')
    return matching(done.length === 1 ? TOP_LEVEL_WORDS : commandsUnder(done[1]!).map((c) => c.path[1]!));
  const under = commandsUnder(first);
  if (under.length > 0 && second === undefined) return matching(under.map((c) => c.path[1]!));
  const command = COMMANDS.find((c) => c.path.every((w, i) => done[i] === w));
  if (!command) return [];
  const after = done.slice(command.path.length);
  const pending = command.options.find((o) => o.value !== undefined && `--${o.name}` === after.at(-1));
  if (pending) return matching(await valuesOf(pending.values, sources));
  if (current.startsWith('-'))
    return matching([...command.options.map((o) => `--${o.name}`).filter((o) => !after.includes(o)), '--help']);
  const positional = command.positionals[positionalsBefore(command, after)];
  return positional ? matching(await valuesOf(positional.values, sources)) : [];
}

/** How many arguments (not options, not option values) were typed already. */
function positionalsBefore(command: CommandSpec, after: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < after.length; i++) {
    const word = after[i]!;
    if (!word.startsWith('-')) count++;
    else if (command.options.some((o) => `--${o.name}` === word && o.value !== undefined)) i++;
  }
  return count;
}

async function valuesOf(source: ValueSource | undefined, sources: CandidateSources): Promise<readonly string[]> {
  if (source === 'principal') return sources.principals();
  if (source === 'fix-id') return sources.fixIds();
  if (source && typeof source === 'object') return source.choices;
  return [];
}

/** The real sources: the principals of the collection (one klist run), the ids `doctor` saved. */
export function liveSources(env: NodeJS.ProcessEnv): CandidateSources {
  return {
    async principals() {
      const [{ createKrbService }, { spawnRunner }] = await Promise.all([
        import('../services/kerberos/service.js'),
        import('../services/process/spawn-runner.js'),
      ]);
      const status = await createKrbService({ env, run: spawnRunner, toolTimeoutMs: 2_000 }).status();
      return status.ok ? status.value.caches.flatMap((c) => (c.principal ? [c.principal] : [])) : [];
    },
    async fixIds() {
      const text = await readFile(fixIdsPath(env), 'utf8').catch(() => '');
      return text.split('\n').filter((line) => line.length > 0);
    },
  };
}
