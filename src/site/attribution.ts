/**
 * The attribution a corpus's license asks for (Creative Commons: title, author, source, license,
 * changes), shown in the footer of every page built from that corpus. The license is read from
 * the corpus root's LICENSE file; the holder from a "Copyright (c) …" line of LICENSE or
 * LICENSE-CODE. A corpus without a Creative Commons license gets no note.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface Attribution {
  /** The work: the corpus folder's name (`partner-center-pr.ru-ru`). */
  work: string;
  holder?: string;
  /** Short name, `CC BY 4.0`. */
  license: string;
  licenseUrl: string;
}

const KINDS: [RegExp, string][] = [
  [/^Attribution-NonCommercial-ShareAlike\b/i, 'by-nc-sa'],
  [/^Attribution-NonCommercial-NoDerivatives\b/i, 'by-nc-nd'],
  [/^Attribution-NonCommercial\b/i, 'by-nc'],
  [/^Attribution-NoDerivatives\b/i, 'by-nd'],
  [/^Attribution-ShareAlike\b/i, 'by-sa'],
  [/^Attribution\b/i, 'by'],
];

/** The Creative Commons license a LICENSE text states in its heading, e.g. `{ kind: 'by', version: '4.0' }`. */
export function creativeCommonsLicense(text: string): { kind: string; version: string } | undefined {
  const head = text.replace(/^\ufeff/, '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 3).join('\n');
  const spdx = /\bCC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)\b/i.exec(head);
  if (spdx) return { kind: spdx[1]!.toLowerCase(), version: spdx[2]! };
  for (const line of head.split('\n')) {
    const version = /\b(\d\.\d)\b/.exec(line)?.[1];
    const kind = KINDS.find(([re]) => re.test(line))?.[1];
    if (kind && version && /International|Generic|Unported|Creative Commons/i.test(line + head)) return { kind, version };
  }
  return undefined;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const cache = new Map<string, Attribution | undefined>();

/** The attribution for the pages of a corpus root, or undefined when its LICENSE is no Creative Commons license. */
export function rootAttribution(dir: string): Attribution | undefined {
  if (cache.has(dir)) return cache.get(dir);
  const license = read(join(dir, 'LICENSE')) ?? read(join(dir, 'LICENSE.md')) ?? read(join(dir, 'LICENSE.txt'));
  const cc = license ? creativeCommonsLicense(license) : undefined;
  let result: Attribution | undefined;
  if (cc) {
    const holder = [license, read(join(dir, 'LICENSE-CODE'))]
      .map((t) => /^\s*Copyright\s*(?:\(c\)|©)\s*(?:\d{4}(?:[-–]\d{4})?,?\s*)?(.+?)\.?\s*$/im.exec(t ?? '')?.[1]?.trim())
      .find(Boolean);
    result = {
      work: basename(dir),
      ...(holder ? { holder } : {}),
      license: `CC ${cc.kind.toUpperCase()} ${cc.version}`,
      licenseUrl: `https://creativecommons.org/licenses/${cc.kind}/${cc.version}/`,
    };
  }
  cache.set(dir, result);
  return result;
}
