/**
 * Page titles reach `<title>` escaped once: Starlight writes the head's `<title>` with
 * `set:html`, so a front-matter title of `</title><script>…` ran, and one with `&` must not
 * show `&amp;`. One small site build of an sxs page written for this test; an sxs author's
 * `javascript:` link on it is text.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSiteInChild } from './support/site-build.ts';

const TITLE = 'Tom & Jerry </title><script>alert(1)</script>';
const PAGE = `---
title: "${TITLE.replace(/"/g, '\\"')}"
description: Описание <img src=x onerror=alert(1)>
ms.translationtype: MT
ms.contentlocale: ru-RU
---
# <span data-ttu-id="a0b1c-101">Заголовок</span><span class="sxs-lookup"><span data-stu-id="a0b1c-101">Heading</span></span>

<span data-ttu-id="a0b1c-102">Нажмите [здесь](javascript:alert(1)) или [там](JaVa&#x53;cript:alert(2)).</span><span class="sxs-lookup"><span data-stu-id="a0b1c-102">Click [here](javascript:alert(1)) or [there](JaVa&#x53;cript:alert(2)).</span></span>
`;

let work: string;
let scratch: string | undefined;
let html: string;

beforeAll(async () => {
  work = await mkdtemp(fileURLToPath(new URL('../.bitext-tmp-title-', import.meta.url)));
  const docset = join(work, 'content', 'sxs.ru-ru', 'titles');
  await mkdir(docset, { recursive: true });
  await writeFile(join(docset, 'page.md'), PAGE);
  await writeFile(join(docset, 'TOC.yml'), '- name: Страница\n  href: page.md\n');
  const out = join(work, 'out');
  ({ scratch } = await buildSiteInChild({ content: [join(work, 'content')], out, cacheDir: join(work, 'cache') }, 'title'));
  html = await readFile(join(out, 'ru-ru', 'titles', 'page', 'index.html'), 'utf8');
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('titles and links from a page reach HTML escaped', () => {
  it('writes the title into <title> escaped once', () => {
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
    expect(title).toMatch(/^Tom &amp; Jerry &lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt; \| /);
    // Outside quoted attribute values (og:title carries the title there, which is inert).
    const markup = html.replace(/="[^"]*"/g, '=""');
    expect(markup).not.toMatch(/<script>alert/);
    expect(markup).not.toMatch(/<img src=x/);
  });

  it("renders the author's javascript: links as text", () => {
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(html).toMatch(/Нажмите здесь или там\./);
  });
});
