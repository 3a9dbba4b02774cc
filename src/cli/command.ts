/**
 * What every `bitext` subcommand shares: a name, a one-line summary, its --help text, and a
 * `run` that returns the exit code (0 ok, 1 the input has errors, 2 the command line is wrong).
 */
export interface Command {
  name: string;
  summary: string;
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
