/**
 * Paths read from files stay inside their root. A path that a file names (an XLIFF file's
 * `original`, an image's `src`, a TOC's `href`) is resolved against its root with `..`, `.`, `\`
 * and absolute forms taken into account, and refused when the result is not inside the root.
 * The file system is asked too (`realPathInside`): a symlink inside the root that leads out of it
 * leaves the root just the same.
 */
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * `path` (relative to `root`, `/` or `\` separated) as an absolute path inside `root`, or
 * undefined when it is absolute, holds a NUL, or climbs out of the root.
 */
export function pathInside(root: string, path: string): string | undefined {
  if (path.includes('\0')) return undefined;
  const normal = path.replace(/\\/g, '/');
  if (normal.startsWith('/') || isAbsolute(normal) || /^[a-z]:/i.test(normal)) return undefined;
  const base = resolve(root);
  const abs = resolve(base, normal);
  return isWithin(base, abs) ? abs : undefined;
}

/** Whether `abs` is `root` or below it (both absolute, normalised). */
export function isWithin(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Whether the file at `abs` is inside `root` once every symlink on the way is followed; false
 * when it leads out (or cannot be resolved). A missing file is inside when its path is.
 */
export async function realPathInside(root: string, abs: string): Promise<boolean> {
  const realRoot = await realpath(root).catch(() => resolve(root));
  const real = await realpath(abs).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? abs : undefined));
  return real !== undefined && isWithin(realRoot, real);
}

/** `realPathInside` for code that must stay synchronous (Markdown plugins). */
export function realPathInsideSync(root: string, abs: string): boolean {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = resolve(root);
  }
  try {
    return isWithin(realRoot, realpathSync(abs));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' && isWithin(realRoot, abs);
  }
}
