/**
 * Writers' loop (issue 4 §7): `npm run dev` serves the content, and an edit of an MDX page, of an
 * sxs page or of an XLIFF target shows in the served page without a restart.
 *
 * The server runs over a scratch copy of content/ and xliff/ (BITEXT_CONTENT, BITEXT_XLIFF), on a
 * free loopback port; each edit is polled for with a time limit. The server's process group is
 * always killed and the copies and generated pages removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeGeneratedPages } from '../src/site/mdx-pages.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
let work: string;
let server: ChildProcess | undefined;
let base: string;
let log = '';

function devEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function fetchText(path: string): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(base + path, { signal: AbortSignal.timeout(15_000) });
    return { status: res.status, text: await res.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

/** Polls a page until `check` holds; fails with the server log after `seconds`. */
async function waitFor(path: string, check: (page: { status: number; text: string }) => boolean, seconds: number): Promise<string> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const page = await fetchText(path);
    if (check(page)) return page.text;
    if (Date.now() > until) throw new Error(`${path} did not change within ${seconds} s (status ${page.status}); server log:\n${log.split('\n').filter((l) => !/\[\d{3}\]/.test(l)).join('\n').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  await writeFile(file, text.replace(from, to));
}

beforeAll(async () => {
  // Inside the project (git-ignored): Astro compiles MDX pages only under its root.
  work = await mkdtemp(join(ROOT, '.bitext-tmp-dev-'));
  await cp(join(ROOT, 'content'), join(work, 'content'), { recursive: true });
  await cp(join(ROOT, 'xliff'), join(work, 'xliff'), { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn('npm', ['run', 'dev', '--', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    detached: true,
    // Without Vitest's own variables (NODE_ENV=test, VITEST...), which change how Astro serves.
    env: { ...devEnv(), BITEXT_CONTENT: JSON.stringify([join(work, 'content')]), BITEXT_XLIFF: join(work, 'xliff'), CI: '1' },
  });
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await waitFor('/en/bitext/writer-loop/', (p) => p.status === 200, 90);
}, 120_000);

afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  if (work) {
    await removeGeneratedPages(ROOT, [join(work, 'content')], join(work, 'xliff'));
    await rm(work, { recursive: true, force: true });
  }
});

describe('npm run dev', () => {
  it('shows an edited MDX page without a restart', async () => {
    await edit(join(work, 'content/en/bitext/writer-loop.mdx'), 'Writers author English pages in MDX', 'Writers (live edit 7f3a) author English pages in MDX');
    await waitFor('/en/bitext/writer-loop/', (p) => p.text.includes('live edit 7f3a'), 30);
  }, 40_000);

  it('shows an edited XLIFF target in the locale page without a restart', async () => {
    expect((await fetchText('/ru-ru/bitext/')).text).toContain('Bitext — генератор сайтов');
    await edit(join(work, 'xliff/ru-ru/bitext/index.xlf'), 'Bitext — генератор сайтов', 'Bitext (правка 7f3a) — генератор сайтов');
    await waitFor('/ru-ru/bitext/', (p) => p.text.includes('Bitext (правка 7f3a) — генератор сайтов'), 30);
  }, 40_000);

  it('shows an edited sxs page and a new MDX page with its TOC entry without a restart', async () => {
    const sxs = join(work, 'content/sxs.ru-ru/bitext/examples/reading-sxs.md');
    await edit(sxs, '>В двуязычном документе каждое', '>В двуязычном (7f3a) документе каждое');
    await waitFor('/ru-ru/bitext/examples/reading-sxs/', (p) => p.text.includes('В двуязычном (7f3a) документе'), 30);
    await writeFile(join(work, 'content/en/bitext/live-page.mdx'), '---\ntitle: Live page 7f3a\ndescription: Added while the server runs.\n---\n\nA page added while `npm run dev` runs.\n');
    await edit(join(work, 'content/en/bitext/TOC.yml'), '    - name: The writer loop\n', '    - name: Live page 7f3a\n      href: live-page.md\n    - name: The writer loop\n');
    await waitFor('/en/bitext/live-page/', (p) => p.status === 200 && p.text.includes('A page added while'), 30);
    await waitFor('/en/bitext/', (p) => p.text.includes('href="/en/bitext/live-page/"'), 30);
  }, 80_000);
});
