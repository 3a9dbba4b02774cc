import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startWorkbench } from '../workbench/server.ts';
import { type Command, EXIT_INPUT_ERRORS, requirePaths, UsageError } from './command.ts';

const usage = `Usage: npx bitext translate [XLIFF_DIR] [--content DIR]... [--glossary FILE]... [--port N]

Opens the translator's workbench: a web app on this machine over the XLIFF files of XLIFF_DIR
(default: xliff). It lists every file per locale with its progress, shows a file's sentences
in page order with their inline codes as chips, translation-memory matches and the checks of
"bitext check", and the page itself as the site renders it, with the sentence being edited
highlighted. Ctrl+Enter confirms a sentence (state final) and writes it to its .xlf file at
once, changing only that unit. Prints the address to open; stops with Ctrl+C.

The server listens on 127.0.0.1 only, answers only its own pages (other sites and other host
names are refused) and writes only inside XLIFF_DIR.

Options:
  --content DIR   where the documents are (for the page preview and the memory): a corpus root
                  or a folder of roots; repeat for several (default: content)
  --glossary FILE a TBX or CSV glossary, or a folder of them (repeatable; glossary/ in the
                  working folder is always read): its terms are shown beside each sentence and
                  checked as "bitext check" does
  --port N        port to listen on (default: 4322; 0 picks a free one)
  --help          show this help

Exit codes: 0 stopped; 1 the port is taken or cannot be used; 2 bad command line (a folder
that does not exist).
`;

export const translateCommand: Command = {
  name: 'translate',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { content: { type: 'string', multiple: true }, glossary: { type: 'string', multiple: true }, port: { type: 'string' } } });
    if (positionals.length > 1) throw new UsageError(`translate takes one XLIFF folder, got ${positionals.length}`);
    const dir = positionals[0] ?? 'xliff';
    const port = Number(values.port ?? 4322);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
    await requirePaths([dir], 'no such XLIFF folder');
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`"${dir}" is not a folder: name the folder of XLIFF files ("bitext extract --out" wrote it)`);
    const content = values.content?.length ? values.content : ['content'];
    await requirePaths(content, 'no such content folder');
    await requirePaths(values.glossary ?? [], 'no such glossary');
    let workbench;
    try {
      workbench = await startWorkbench({ xliffDir: dir, content, port, glossary: values.glossary ?? [] });
    } catch (error) {
      process.stderr.write(`bitext translate: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`);
      return EXIT_INPUT_ERRORS;
    }
    process.stdout.write(`translating ${dir} at ${workbench.url} (Ctrl+C stops)\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    await workbench.close();
    return 0;
  },
};
