/**
 * Watches the file system calls of the code under test (in the fuzz worker only): every path a
 * case writes, creates, renames, links or deletes must be inside its `--out` folder, and every
 * path it reads inside the case's folder or the project. Installed by replacing the functions of
 * `node:fs` and `node:fs/promises` before the project's modules are loaded, then syncing the ES
 * module bindings, so `import { writeFile } from 'node:fs/promises'` sees the watched function.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';

export interface AuditScope {
  /** Folders a case may write into. */
  write: string[];
  /** Folders a case may read from (besides `write`). */
  read: string[];
}

export interface AuditViolation {
  kind: 'write-outside' | 'read-outside';
  call: string;
  path: string;
}

let scope: AuditScope | undefined;
const violations: AuditViolation[] = [];

function inside(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
}

function toPath(value: unknown): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? undefined : resolve(value);
  if (value instanceof URL && value.protocol === 'file:') return resolve(decodeURIComponent(value.pathname));
  if (Buffer.isBuffer(value)) return resolve(value.toString());
  return undefined;
}

function check(kind: 'write' | 'read', call: string, value: unknown): void {
  if (!scope) return;
  const path = toPath(value);
  if (path === undefined) return;
  if (kind === 'write' ? inside(path, scope.write) : inside(path, [...scope.write, ...scope.read])) return;
  violations.push({ kind: kind === 'write' ? 'write-outside' : 'read-outside', call, path });
}

function writesFlags(flags: unknown): boolean {
  if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND)) !== 0;
  return typeof flags === 'string' && /[wa+]/.test(flags);
}

type AnyFunction = (...args: unknown[]) => unknown;

function wrap(target: Record<string, unknown>, name: string, kinds: ('write' | 'read' | 'open')[]): void {
  const original = target[name] as AnyFunction | undefined;
  if (typeof original !== 'function') return;
  target[name] = function (this: unknown, ...args: unknown[]) {
    kinds.forEach((kind, k) => {
      if (kind === 'open') check(writesFlags(args[k + 1]) ? 'write' : 'read', name, args[k]);
      else check(kind, name, args[k]);
    });
    return original.apply(this, args);
  };
}

let installed = false;

export function installAudit(): void {
  if (installed) return;
  installed = true;
  const promises = fs.promises as unknown as Record<string, unknown>;
  const sync = fs as unknown as Record<string, unknown>;
  for (const target of [promises, sync]) {
    for (const suffix of target === sync ? ['', 'Sync'] : ['']) {
      const w = (name: string, kinds: ('write' | 'read' | 'open')[]) => wrap(target, name + suffix, kinds);
      w('writeFile', ['write']);
      w('appendFile', ['write']);
      w('mkdir', ['write']);
      w('mkdtemp', ['write']);
      w('rm', ['write']);
      w('rmdir', ['write']);
      w('unlink', ['write']);
      w('truncate', ['write']);
      w('rename', ['read', 'write']);
      w('copyFile', ['read', 'write']);
      w('cp', ['read', 'write']);
      w('link', ['read', 'write']);
      w('symlink', ['read', 'write']);
      w('readFile', ['read']);
      w('readdir', ['read']);
      w('opendir', ['read']);
      w('open', ['open']);
    }
  }
  wrap(sync, 'createWriteStream', ['write']);
  wrap(sync, 'createReadStream', ['read']);
  syncBuiltinESMExports();
}

/** Starts watching with `next` (or stops, with undefined); returns what the last scope saw. */
export function setAuditScope(next: AuditScope | undefined): AuditViolation[] {
  const seen = violations.splice(0);
  scope = next && { write: next.write.map((p) => resolve(p)), read: next.read.map((p) => resolve(p)) };
  return seen;
}
