import { fileErrorLine } from '../io/file-error.ts';
import { type Command, EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, InputPathError, UsageError, wantsHelp } from './command.ts';

/**
 * The commands, loaded on demand: `build` pulls in Astro, which would add seconds to the start
 * of every other command.
 */
const commands: { name: string; summary: string; load: () => Promise<Command> }[] = [
  { name: 'inspect', summary: 'scan sxs corpus folders and report counts, diagnostics and round-trip fidelity', load: async () => (await import('./inspect.ts')).inspectCommand },
  { name: 'extract', summary: 'extract sxs corpora and English MDX pages to XLIFF 1.2/2.1, keeping translators\' work on re-extraction', load: async () => (await import('./extract.ts')).extractCommand },
  { name: 'validate', summary: 'check XLIFF 2.x and 1.2 files against the specification (safe XML reading)', load: async () => (await import('./validate.ts')).validateCommand },
  { name: 'check', summary: 'quality checks on translations (codes, numbers, URLs, placeholders, punctuation, consistency…)', load: async () => (await import('./check.ts')).checkCommand },
  { name: 'tm', summary: 'translation memory: export TMX, look up matches, report inconsistencies', load: async () => (await import('./tm.ts')).tmCommand },
  { name: 'build', summary: 'build the multilingual reader site (search included) from sxs corpora, MDX pages and XLIFF', load: async () => (await import('./build.ts')).buildCommand },
  { name: 'merge', summary: 'join the parts of a sharded build (build --shard K/N) into one site, search included', load: async () => (await import('./merge.ts')).mergeCommand },
  { name: 'preview', summary: 'render the pages of translators\' XLIFF files before merging; report broken codes and MDX', load: async () => (await import('./preview.ts')).previewCommand },
  { name: 'translate', summary: 'edit XLIFF files in the browser: memory, checks and the real page beside each sentence', load: async () => (await import('./translate.ts')).translateCommand },
  { name: 'serve', summary: 'serve a built site on this machine (localhost), as a static host would', load: async () => (await import('./serve.ts')).serveCommand },
  { name: 'suggestions', summary: 'import readers\' translation suggestions from the site as proposals into XLIFF files', load: async () => (await import('./suggestions.ts')).suggestionsCommand },
  { name: 'markdown', summary: 'write each sxs document as plain Markdown: its translation to OUT/<locale>, its English to OUT/en', load: async () => (await import('./markdown.ts')).markdownCommand },
];

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
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`bitext: unknown command "${name}"\n\n${overview()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (wantsHelp(rest)) {
    process.stdout.write(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof InputPathError) {
      process.stderr.write(`bitext: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // A file-system failure (read-only folder, full disk) is one line, not a stack trace.
    const line = fileErrorLine(error);
    if (line) {
      process.stderr.write(`bitext: ${line}\n`);
      return EXIT_INPUT_ERRORS;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`bitext ${command.name}: ${(error as Error).message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
