/**
 * File-system failures as one line for the person at the terminal: what Bitext was doing, the
 * path, and the reason in words (`cannot write: out/ru-ru/a.xlf: no space left on device`),
 * never a stack trace. The commands end with that line and exit code 1 (src/cli/main.ts).
 */

export class FileError extends Error {
  readonly what: string;
  readonly path: string;
  readonly reason: string;
  /** The errno code (`ENOSPC`, `EROFS`...), when there is one. */
  readonly code: string | undefined;
  constructor(what: string, path: string, cause: unknown) {
    const reason = reasonOf(cause);
    super(`${what}: ${path}: ${reason}`);
    this.name = 'FileError';
    this.what = what;
    this.path = path;
    this.reason = reason;
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

/** `EACCES: permission denied, open '/x'` → `permission denied`. */
export function reasonOf(cause: unknown): string {
  const error = cause as NodeJS.ErrnoException | undefined;
  const message = error?.message ?? String(cause);
  const plain = /^[A-Z][A-Z0-9_]+: (.*?)(?:, \w+(?: '.*')?)?$/s.exec(message)?.[1] ?? message.split('\n')[0]!;
  return plain;
}

const VERBS: Record<string, string> = {
  open: 'cannot open',
  read: 'cannot read',
  write: 'cannot write',
  mkdir: 'cannot create the folder',
  rename: 'cannot replace',
  scandir: 'cannot list the folder',
  stat: 'cannot read',
  lstat: 'cannot read',
  copyfile: 'cannot copy',
  unlink: 'cannot remove',
  rmdir: 'cannot remove',
};

/**
 * The one line for a file-system failure (a FileError, or any Node error that names a path and
 * a system call), or undefined for any other error.
 */
export function fileErrorLine(error: unknown): string | undefined {
  if (error instanceof FileError) return error.message;
  const e = error as NodeJS.ErrnoException | undefined;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.path !== 'string') return undefined;
  const what = VERBS[e.syscall ?? ''] ?? `cannot ${e.syscall ?? 'use'}`;
  return `${what}: ${e.path}: ${reasonOf(e)}`;
}
