/**
 * The qsize command line as a function: yargs command modules over the library, one error funnel.
 * Exit codes: 0 ok, 1 internal error, 2 bad input, 3 nothing fits the constraints. src/cli/main.ts runs it
 * on process.argv; tests call it in-process.
 *
 * Start-up loads only yargs and the option tables; each handler imports what it needs (the model,
 * the catalogs, the planner, the emitters, yaml, csv-stringify), so `--help` stays cheap.
 */
import yargs, { type Argv } from 'yargs';
import { catalogCommand, catalogFlags } from './commands/catalog.js';
import { AXES, compareCommand, compareFlags, markNegativeValues } from './commands/compare.js';
import { emitCommand, emitFlags } from './commands/emit.js';
import { explainCommand, explainFlags } from './commands/explain.js';
import { observeCommand, observeFlags } from './commands/observe.js';
import { reportCommand, reportFlags } from './commands/report.js';
import { timelineCommand, timelineFlags } from './commands/timeline.js';
import { webCommand, webOptions } from './commands/web.js';
import { reportError, usageError, type FlagsByCommand } from './errors.js';
import { forgetTypedTexts } from './flags.js';

declare const __QSIZE_VERSION__: string | undefined;
/** Injected by scripts/bundle-cli.mjs from package.json. */
export const VERSION = typeof __QSIZE_VERSION__ === 'string' ? __QSIZE_VERSION__ : '0.0.0-dev';

const EPILOGUE = `Exit codes: 0 ok, 1 internal error, 2 bad input, 3 nothing fits the constraints.
Counts take SI suffixes (250k, 100M, 1.5B); sizes take SI or IEC units (512, 2KiB, 4Gi, 1.5TB).
Docs: docs/cli.md. Set QSIZE_DEBUG=1 to see stack traces.`;

const COMMANDS = ['explain', 'compare', 'timeline', 'emit', 'catalog', 'observe', 'web', 'completion'];

/** Each command's flags, as its builder declares them ('' is the default command): an unknown flag is matched
 * against the command the user ran, and a flag of another command names the commands that take it. */
const FLAGS: FlagsByCommand = {
  '': flagNames(reportFlags),
  explain: flagNames(explainFlags),
  compare: flagNames(compareFlags),
  timeline: flagNames(timelineFlags),
  emit: flagNames(emitFlags),
  catalog: flagNames(catalogFlags),
  observe: flagNames(observeFlags),
  web: flagNames(webOptions),
  completion: [],
};

/** A yargs options table's flag names with their aliases, plus the global --help and --version. */
function flagNames(options: Record<string, object>): string[] {
  const alias = (o: object): string[] => ('alias' in o && typeof o.alias === 'string' ? [o.alias] : []);
  return [...Object.entries(options).flatMap(([name, o]) => [name, ...alias(o)]), 'help', 'h', 'version'];
}

/**
 * Shell completion (`qsize completion`): yargs completes a subcommand's flags and their choices, but on the default
 * command it offered only --help and --version (`qsize --vec<TAB>` found nothing) and listed "$0" among the commands.
 * Without a command word typed, the default command's own flags and their choices are offered; otherwise yargs's.
 */
function completeWords(
  args: readonly string[],
  current: string,
  completionFilter: (onCompleted?: (err: Error | null, completions: string[] | undefined) => void) => void,
  done: (completions: string[]) => void,
): void {
  // `qsize --get-yargs-completions qsize <words typed> <current>`: the words before the one being completed.
  const typed = args.slice(args.indexOf('--get-yargs-completions') + 2, -1);
  if (typed.some((w) => COMMANDS.includes(w))) {
    completionFilter((_error, completions) => done(completions ?? []));
    return;
  }
  const table = reportFlags as Record<string, { choices?: readonly string[]; alias?: string }>;
  const previous = typed.at(-1);
  const key = previous?.replace(/^-+/, '');
  const option = previous?.startsWith('-') && key !== undefined ? (table[key] ?? Object.values(table).find((o) => o.alias === key)) : undefined;
  if (option?.choices) {
    done([...option.choices]);
    return;
  }
  if (current.startsWith('-')) {
    done((FLAGS[''] ?? []).map((name) => (name.length === 1 ? `-${name}` : `--${name}`)));
    return;
  }
  completionFilter((_error, completions) => done((completions ?? []).filter((c) => c !== '$0')));
}

export async function main(args: string[]): Promise<number> {
  // The command the user ran: its name is the first of its tokens yargs reads as a command.
  const command = args.find((a) => COMMANDS.includes(a)) ?? '';
  forgetTypedTexts();
  const cli: Argv = yargs(command === 'compare' ? markNegativeValues(args) : args)
    .scriptName('qsize')
    .usage('$0 [command] [options]\n\nWhat do I need for this Qdrant collection on Kubernetes, and what will it cost?')
    .command(reportCommand)
    .command(explainCommand)
    .command(compareCommand)
    .command(timelineCommand)
    .command(emitCommand)
    .command(catalogCommand)
    .command(observeCommand)
    .command(webCommand)
    .completion('__completion', false, (current: string, _argv: unknown, completionFilter: (onCompleted?: (err: Error | null, completions: string[] | undefined) => void) => void, done: (completions: string[]) => void) =>
      completeWords(args, current, completionFilter, done),
    )
    .command({
      command: 'completion',
      describe: 'Print a bash/zsh completion script (qsize completion >> ~/.bashrc)',
      handler: () => {
        cli.showCompletionScript();
      },
    })
    // "-acme-" is one token, not the flags -a -c -m -e: qsize has no short-flag groups, and grouping turned a value that
    // begins with "-" into unrelated flags (--m) instead of the missing-value message.
    .parserConfiguration({ 'short-option-groups': false })
    .strict()
    .recommendCommands()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue(EPILOGUE)
    .exitProcess(false)
    .fail((message: string | null, error: Error | undefined) => {
      // yargs wraps coerce errors and its own usage errors in YError: both are bad input (exit 2).
      if (error && error.name !== 'YError') throw error;
      throw usageError(error?.message ?? message ?? 'invalid command line', { command, flags: FLAGS, positionals: { compare: { name: 'axis', choices: AXES } } }, COMMANDS, args);
    });
  try {
    await cli.parseAsync();
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
