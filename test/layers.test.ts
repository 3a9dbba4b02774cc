// The folders of src/ are layers that point one way: model ← formats ← pipelines ← site and CLI.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|astro)$/.test(entry.name) ? [path] : [];
  });
}

/** Top folder of src/ that a file belongs to ('' for files directly in src/). */
function folderOf(path: string): string {
  const parts = relative(SRC, path).split('/');
  return parts.length > 1 ? parts[0]! : '';
}

/** Edges between top folders: from → set of folders it imports. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to = folderOf(resolve(dirname(file), match[1]!));
      if (to === from || to === '' || from === '') continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, relative(SRC, file));
    }
  }
  return graph;
}

describe('layers of src/', () => {
  const graph = folderGraph();

  it('no two folders import each other, directly or through others', () => {
    const cycles: string[] = [];
    const reaches = (start: string, goal: string, seen = new Set<string>()): boolean => {
      for (const next of graph.get(start)?.keys() ?? []) {
        if (next === goal) return true;
        if (!seen.has(next)) { seen.add(next); if (reaches(next, goal, seen)) return true; }
      }
      return false;
    };
    for (const [from, targets] of graph) {
      for (const [to, file] of targets) if (reaches(to, from)) cycles.push(`${from} → ${to} (${file})`);
    }
    expect(cycles).toEqual([]);
  });

  it('the model imports no other folder', () => {
    expect([...(graph.get('model')?.entries() ?? [])]).toEqual([]);
  });

  // model ← xml, io (XML syntax, file access) ← formats ← pipeline ← site, cli. A format reads and
  // writes its own syntax against the model; what joins two formats (sxs or MDX into XLIFF, a
  // corpus into the memory) is a pipeline.
  const below: Record<string, string[]> = {
    xml: ['model'],
    io: ['model'],
    parse: ['model', 'xml', 'io'],
    xliff: ['model', 'xml', 'io'],
    tm: ['model', 'xml', 'io'],
  };

  it('XML syntax, file access and the formats (sxs and MDX, XLIFF, TMX) import only the layers below them, never each other', () => {
    const wrong = Object.entries(below).flatMap(([from, allowed]) =>
      [...(graph.get(from)?.entries() ?? [])].filter(([to]) => !allowed.includes(to)).map(([to, file]) => `${from} → ${to} (${file})`),
    );
    expect(wrong).toEqual([]);
  });
});
