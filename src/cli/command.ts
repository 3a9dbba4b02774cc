/**
 * What every `bitext` subcommand shares: a name, its --help text, and a `run` that returns the
 * exit code (0 ok, 1 the input has errors, 2 the command line is wrong). The one-line summaries
 * live in main.ts, which lists the commands without loading them.
 */
import { stat } from 'node:fs/promises';
import { reasonOf } from '../io/file-error.ts';
import { type Diagnostic, hasErrors } from '../model/diagnostics.ts';

export interface Command {
  name: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_INPUT_ERRORS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** A path named on the command line that cannot be used (missing, unreadable): one line, exit 2. */
export class InputPathError extends UsageError {}

/** Throws an InputPathError for the first of `paths` that does not exist; `what` says what it should be. */
export async function requirePaths(paths: Iterable<string>, what: string): Promise<void> {
  for (const path of paths) {
    try {
      await stat(path);
    } catch (error) {
      throw new InputPathError(`${what}: ${path}: ${reasonOf(error)}`);
    }
  }
}

export function wantsHelp(args: string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/**
 * The exit-code rule every command follows: 1 when some input has an error (a diagnostic of
 * severity error, or another refusal the command counts: a link to no page, a document with no
 * sxs pair), else 0. Warnings never fail a command. A wrong command line is 2 (main.ts).
 */
export function exitCodeFor(diagnostics: readonly Diagnostic[], otherInputErrors = false): number {
  return otherInputErrors || hasErrors(diagnostics) ? EXIT_INPUT_ERRORS : EXIT_OK;
}
