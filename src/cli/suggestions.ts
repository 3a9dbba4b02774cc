import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { importSuggestions } from '../pipeline/suggestions.ts';
import { type Command, EXIT_INPUT_ERRORS, EXIT_OK, requirePaths, UsageError } from './command.ts';

const usage = `Usage: npx bitext suggestions import FILE|DIR... --xliff DIR [--unapplied FILE]

Turns readers' translation suggestions into proposals that translators see in their CAT tool.
On a translated page of the site, "Suggest a better translation" produces a suggestion record
(a JSON file: document, locale, unit id, the translation the reader saw, its English and the
suggested text), or with "bitext build --feedback-url" an issue whose body holds it.

Each FILE is such a record, a JSON array of them, or Markdown (an issue body) with them in
\`\`\`json blocks; a DIR is searched for .json, .md and .txt files. Each record becomes a proposal
on its unit in DIR/<locale>/<document>.xlf: XLIFF 1.2 <alt-trans alttranstype="proposal"
origin="reader">, XLIFF 2.1 <mtc:match type="other" origin="reader">. The file is patched (every
other byte stays), validated, and written only when valid. A suggestion already on its unit is
not added again.

A record that cannot be applied is listed with its file, its position and the reason: no XLIFF
file for its document, an unknown unit id (the document was re-extracted since), a unit whose
English changed since the reader saw it (stale), not a suggestion record. The input files are
only read, so no suggestion is lost.

Options:
  --xliff DIR       the translators' XLIFF folder (as "bitext extract" writes it)
  --unapplied FILE  also write the records that were not applied, with their reasons, as JSON
  --help            show this help

Exit codes: 0 every record applied (or already there), 1 some record was not applied,
2 bad command line.
`;

export const suggestionsCommand: Command = {
  name: 'suggestions',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { xliff: { type: 'string' }, unapplied: { type: 'string' } },
    });
    const [action, ...inputs] = positionals;
    if (action !== 'import') throw new UsageError(action ? `unknown action "${action}": the action is "import"` : 'name the action: bitext suggestions import FILE|DIR... --xliff DIR');
    if (inputs.length === 0) throw new UsageError('name the suggestion files or folders to import');
    if (!values.xliff) throw new UsageError('name the XLIFF folder with --xliff DIR');
    await requirePaths(inputs, 'no such suggestion file or folder');
    await requirePaths([values.xliff], 'no such XLIFF folder');
    if (!(await stat(values.xliff)).isDirectory()) throw new UsageError(`--xliff ${values.xliff} is not a folder`);
    const result = await importSuggestions(inputs, values.xliff);
    for (const a of result.applied) process.stdout.write(`${a.xliff}: unit "${a.unit}": proposal added (${a.file} #${a.index})\n`);
    for (const u of result.unapplied) process.stderr.write(`${u.file}${u.index ? ` #${u.index}` : ''}: not applied: ${u.reason}\n`);
    if (values.unapplied && result.unapplied.length) await writeFileAtomic(values.unapplied, JSON.stringify(result.unapplied, null, 2) + '\n');
    const files = new Set(result.applied.map((a) => a.xliff)).size;
    process.stdout.write(
      `${result.applied.length} suggestions added to ${files} XLIFF files` +
        (result.already ? `, ${result.already} already there` : '') +
        (result.unapplied.length ? `, ${result.unapplied.length} not applied (listed above${values.unapplied ? `, and in ${values.unapplied}` : ''})` : '') +
        '\n',
    );
    return result.unapplied.length ? EXIT_INPUT_ERRORS : EXIT_OK;
  },
};
