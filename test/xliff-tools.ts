/**
 * External checkers for the XLIFF tests: libxml2's xmllint (schemas) and Translate Toolkit.
 * Both are required (CI installs libxml2-utils and translate-toolkit): a missing one fails the
 * tests that need it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { SHARED } from './corpus.ts';

export const XLIFF_12_SCHEMA = join(SHARED, 'schemas/xliff-1.2/xliff-core-1.2-transitional.xsd');
/**
 * The matches module's schema imports the 2.x core, so validating against it checks the core
 * and the `mtc:` elements strictly (the core schema alone validates modules only laxly).
 */
export const XLIFF_21_SCHEMA = join(SHARED, 'schemas/xliff-2.1/matches.xsd');

export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Translate Toolkit's xliff2po: a missing one fails the test that needs it, never skips it. */
export function requireXliff2po(): void {
  if (!hasCommand('xliff2po')) {
    throw new Error('xliff2po is missing: install Translate Toolkit (apt-get install -y translate-toolkit); .ci/run does this');
  }
}

export function requireXmllint(): void {
  if (!hasCommand('xmllint')) {
    throw new Error('xmllint is missing: install libxml2-utils (apt-get install -y libxml2-utils); .ci/run does this');
  }
}

/** Validates files with xmllint, many per call; returns the error lines (empty when all validate). */
export async function xmllintErrors(files: string[], schema: string): Promise<string[]> {
  requireXmllint();
  const errors: string[] = [];
  for (let i = 0; i < files.length; i += 250) {
    const batch = files.slice(i, i + 250);
    try {
      await promisify(execFile)('xmllint', ['--noout', '--nonet', '--schema', schema, ...batch], { maxBuffer: 64 << 20 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? String(error);
      errors.push(...stderr.split('\n').filter((line) => line && !line.endsWith(' validates')));
    }
  }
  return errors;
}

/** The documents' `.xlf` files under a folder (each locale's UI strings, `_ui.xlf`, aside), relative, `/`-separated, sorted. */
export async function xlfFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.xlf') && e.name !== '_ui.xlf')
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Units per file as Translate Toolkit reads them: the `translate.storage.xliff` store that
 * xliff2po converts from, run over every file in one Python process (xliff2po itself needs
 * ~50 ms per file to write PO, too slow for the whole corpus in a unit test).
 */
export async function translateToolkitUnitCounts(root: string): Promise<Map<string, number>> {
  const script = [
    'import os, sys',
    'from translate.storage import xliff',
    'root = sys.argv[1]',
    'for d, _, files in os.walk(root):',
    '    for f in files:',
    // The files of `xlfFiles`: the documents' (the site's UI strings, _ui.xlf, are not a document's).
    "        if f.endswith('.xlf') and f != '_ui.xlf':",
    '            p = os.path.join(d, f)',
    "            with open(p, 'rb') as fh:",
    '                store = xliff.xlifffile.parsestring(fh.read())',
    "            print(os.path.relpath(p, root).replace(os.sep, '/') + '\\t' + str(len([u for u in store.units if not u.isheader()])))",
  ].join('\n');
  const python = xliff2poPython();
  const { stdout } = await promisify(execFile)(python, ['-c', script, root], { maxBuffer: 64 << 20 });
  return new Map(
    stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [path, n] = line.split('\t');
        return [path!, Number(n)] as const;
      }),
  );
}

/** The Python that runs xliff2po (its shebang), so its `translate` package is importable. */
function xliff2poPython(): string {
  const path = execFileSync('sh', ['-c', 'command -v xliff2po']).toString().trim();
  const shebang = execFileSync('head', ['-1', path]).toString().trim();
  return shebang.startsWith('#!') ? shebang.slice(2).split(' ')[0]! : 'python3';
}

/**
 * Runs xliff2po once over copies of some files; returns the number of PO entries (header
 * excluded: one `#: id` location line per unit) per file.
 */
export async function xliff2poEntryCounts(root: string, files: string[], workDir: string): Promise<Map<string, number>> {
  const input = join(workDir, 'xlf');
  const output = join(workDir, 'po');
  for (const file of files) {
    await mkdir(dirname(join(input, file)), { recursive: true });
    await copyFile(join(root, file), join(input, file));
  }
  await promisify(execFile)('xliff2po', ['--progress=none', '-i', input, '-o', output], { maxBuffer: 64 << 20 });
  const counts = new Map<string, number>();
  for (const file of files) {
    const po = await readFile(join(output, file.replace(/\.xlf$/, '.po')), 'utf8');
    counts.set(file, po.split('\n').filter((line) => line.startsWith('#: ')).length);
  }
  return counts;
}
