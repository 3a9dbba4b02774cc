/**
 * What every `bitext` subcommand shares: a name, its --help text, and a `run` that returns the
 * exit code (0 ok, 1 the input has errors, 2 the command line is wrong). The one-line summaries
 * live in main.ts, which lists the commands without loading them.
 */
export interface Command {
  name: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_INPUT_ERRORS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export function wantsHelp(args: string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}
