import { type Command, EXIT_OK, EXIT_USAGE, UsageError, wantsHelp } from './command.ts';
import { buildCommand } from './build.ts';
import { extractCommand } from './extract.ts';
import { inspectCommand } from './inspect.ts';
import { tmCommand } from './tm.ts';
import { validateCommand } from './validate.ts';

const commands: Command[] = [inspectCommand, extractCommand, tmCommand, buildCommand, validateCommand];

const overview = () => `bitext: bilingual documentation and localization site generator

Usage: npx bitext <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run "npx bitext <command> --help" for the options of a command.
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`bitext: unknown command "${name}"\n\n${overview()}`);
    return EXIT_USAGE;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`bitext ${command.name}: ${(error as Error).message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
