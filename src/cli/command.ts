/**
 * What every `bitext` subcommand shares: a name, its --help text, and a `run` that returns the
 * exit code (0 ok, 1 the input has errors, 2 the command line is wrong). The one-line summaries
 * live in main.ts, which lists the commands without loading them.
 */
import { stat } from 'node:fs/promises';
import { reasonOf } from '../io/file-error.ts';

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
