/**
 * The one error funnel: picks the exit code (0 ok, 1 internal, 2 bad input, 3 nothing fits) and the
 * message, on stderr, without a stack trace unless QSIZE_DEBUG=1.
 */
import { editDistance } from '../pricing/nearest.js';
import { looksLikeSecret, QsizeError, QsizeFileError, QsizeInputError, QsizeNoFitError, QsizeValidationError } from '../errors.js';

export const EXIT = { ok: 0, internal: 1, badInput: 2, noFit: 3 } as const;

/** A usage problem found by yargs (unknown flag, bad choice, missing value). Exit code 2. */
export class QsizeUsageError extends QsizeError {
  override readonly code = 'QSIZE_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'QsizeUsageError';
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof QsizeNoFitError) return EXIT.noFit;
  if (error instanceof QsizeInputError || error instanceof QsizeValidationError || error instanceof QsizeUsageError || error instanceof QsizeFileError) return EXIT.badInput;
  if (error instanceof QsizeError && error.code === 'QSIZE_INPUT') return EXIT.badInput;
  if (error instanceof Error && (error as { code?: unknown }).code === 'QSIZE_INPUT') return EXIT.badInput;
  return EXIT.internal;
}

/**
 * Text for the terminal: control characters (NUL, ESC, carriage return, C1 controls...) written as `\u001b` escapes, so a
 * message quoting a broken spec file or a hostile value can neither garble nor drive the terminal. Line breaks and tabs
 * are kept. Every line qsize writes to stderr goes through it (errors and warnings).
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, escapeChar);
}

/** A character as its `\u` escape (`\u001b`): how qsize writes a character it must not write raw. */
export function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * JSON.parse's complaint without the excerpt V8 quotes from the text (`Unexpected token 's', "sk_live_ab"... is not
 * valid JSON`): the file named may hold a key (`--from key.txt`, `--spec .env`), and no message prints a secret. The
 * position forms (`... at position 7`) quote nothing and are kept.
 */
export function jsonSyntaxProblem(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return /^Unexpected token .*is not valid JSON$/s.test(message) ? 'an unexpected character, not valid JSON; the text is not shown, as it may hold a secret' : message;
}

export function messageFor(error: unknown): string {
  const code = exitCodeFor(error);
  const text = printable(error instanceof Error ? error.message : String(error));
  if (code === EXIT.internal) return `qsize: internal error: ${text}\n  (please report it; run with QSIZE_DEBUG=1 for details)`;
  if (code === EXIT.noFit) return `qsize: nothing fits the constraints: ${text}`;
  return text
    .split('\n')
    .map((line) => `qsize: ${line}`)
    .join('\n');
}

/** Writes the error to stderr and returns the exit code. */
export function reportError(error: unknown): number {
  process.stderr.write(`${messageFor(error)}\n`);
  if (process.env['QSIZE_DEBUG'] === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return exitCodeFor(error);
}

/** The nearest known name, when it is near enough to be a typo. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  // A flag under its config section's name, as Qdrant's collection config nests it (`--hnsw-m` for `-m`,
  // `--hnsw-ef-construct` for `--ef-construct`): the flag without the one-word prefix.
  const section = /^[a-z0-9]+-(.+)$/.exec(word)?.[1];
  if (section !== undefined && known.includes(section)) return section;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  if (best !== undefined && bestD <= limit) return best;
  // A prefix (`--vec` for `--vectors`) is a near miss too.
  return known.find((k) => word.length >= 2 && k.startsWith(word));
}

/**
 * For a value outside a flag's choices: the choice it is a typo of (`scaler`: scalar), or the choices it begins
 * (`binary`: binary-1, binary-1.5 or binary-2), as "; did you mean ...?"; nothing when none is near.
 */
function choiceHint(given: string, choicesText: string): string {
  const value = given.replace(/^"|"$/g, '');
  const choices = [...choicesText.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  const starting = choices.filter((c) => value.length >= 2 && c.startsWith(value));
  const hints = starting.length > 1 ? starting : [suggest(value, choices)].filter((c): c is string => c !== undefined);
  if (hints.length === 0) return '';
  const list = hints.length === 1 ? hints[0] : `${hints.slice(0, -1).join(', ')} or ${hints.at(-1)}`;
  return `; did you mean ${list}?`;
}

/** Each command's flag names ('' is the default command, `qsize` alone). */
export type FlagsByCommand = Readonly<Record<string, readonly string[]>>;

/** How a command is written in a message: `qsize` for the default one, `qsize explain` otherwise. */
const commandName = (c: string): string => (c === '' ? 'qsize' : `qsize ${c}`);

/**
 * Turns a yargs failure message into a usage error that names the flag and, for an unknown flag, suggests the nearest
 * flag of the command the user ran; a flag that only other commands take says which ones.
 */
export function usageError(
  message: string,
  cli: { command: string; flags: FlagsByCommand; positionals?: Readonly<Record<string, { name: string; choices: readonly string[] }>> },
  commands: readonly string[] = [],
  args: readonly string[] = [],
): QsizeUsageError {
  const known = cli.flags[cli.command] ?? [];
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown?.[1]) {
    // yargs expands each dashed flag to its camel-case alias and reports both (`hnsw-m, hnswM`): the user typed one.
    const reported = unknown[1].split(', ');
    const kebab = (a: string) => a.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const given = (a: string) => args.some((t) => t.replace(/^-+/, '').split('=')[0] === a.replace(/^-+/, ''));
    const typed = reported.filter((a) => {
      const k = kebab(a);
      if (k !== a && reported.includes(k)) return given(a) && !given(k); // the camel alias, unless the user typed it
      const camel = reported.find((b) => b !== a && kebab(b) === a);
      return camel === undefined || !given(camel) || given(a);
    });
    const lines = typed.map((arg) => {
      const name = arg.replace(/^-+/, '');
      if (!arg.startsWith('-') && args.includes(arg) && !args.some((a) => a.startsWith('-') && a.replace(/^-+/, '').split('=')[0] === arg)) {
        const hint = suggest(name, commands);
        if (looksLikeSecret(arg)) return 'unknown command or argument (a value that looks like a secret, not shown)';
        return `unknown command or argument "${arg}"${hint ? `: did you mean qsize ${hint}?` : ''}`;
      }
      const shown = arg.startsWith('-') ? arg : name.length > 1 ? `--${name}` : `-${name}`;
      const takers = Object.keys(cli.flags).filter((c) => cli.flags[c]!.includes(name));
      if (takers.length > 0) return `${shown} is not a flag of ${commandName(cli.command)}; ${takers.map(commandName).join(', ')} ${takers.length > 1 ? 'take' : 'takes'} it`;
      const hint = suggest(name, known);
      const hinted = hint === undefined ? '' : hint.length > 1 ? `--${hint}` : `-${hint}`;
      return `unknown flag ${shown}${hint ? `: did you mean ${hinted}?` : ''}`;
    });
    return new QsizeUsageError(`${lines.join('\n')}\nRun ${commandName(cli.command)} --help for its flags.`);
  }
  const choice = /^Invalid values?:\s*\n?\s*Argument: (\S+), Given: (.+), Choices: (.+)$/s.exec(message);
  if (choice) {
    const given = choice[2]?.trim() ?? '';
    const shown = looksLikeSecret(given.replace(/^"|"$/g, '')) ? 'a value that looks like a secret (not shown)' : given;
    // A positional (compare's axis) is not a flag: named as the command's argument, `compare <axis>`, not `--axis`.
    const field = known.includes(choice[1] ?? '') || cli.command === '' ? `--${choice[1]}` : `${cli.command} <${choice[1]}>`;
    return new QsizeUsageError(`${field}: got ${shown}, expected one of ${choice[3]?.trim()}${shown === given ? choiceHint(given, choice[3] ?? '') : ''}`);
  }
  const positional = cli.positionals?.[cli.command];
  if (positional && /^Not enough non-option arguments/.test(message)) {
    return new QsizeUsageError(`${cli.command} <${positional.name}>: got nothing, expected one of ${positional.choices.map((c) => `"${c}"`).join(', ')} (e.g. qsize ${cli.command} ${positional.choices[0]} --vectors 1M --dim 768)`);
  }
  const required = /^Missing required arguments?: (.+)$/.exec(message);
  if (required?.[1]) {
    return new QsizeUsageError(required[1].split(', ').map((name) => `--${name}: got nothing, expected a value (${commandName(cli.command)} needs it)`).join('\n'));
  }
  const missing = /^Not enough arguments following: (\S+)$/.exec(message);
  if (missing) {
    // yargs reads a token that begins with '-' as a flag, so `--customer-id -acme` leaves the flag empty. Say how to
    // pass such a value (the token itself is not repeated: it may be a secret).
    const flag = `--${missing[1]}`;
    const at = args.indexOf(flag);
    const dashed = at >= 0 && /^-[^\d.]/.test(args[at + 1] ?? '');
    return new QsizeUsageError(`${flag}: got nothing, expected a value${dashed ? `; a value that begins with "-" is read as a flag: write ${flag}=VALUE` : ''}`);
  }
  return new QsizeUsageError(message);
}
