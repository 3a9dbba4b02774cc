import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSite } from '../src/site/model.ts';
import { buildNav, isTocFile, navSlugs, parseTocMarkdown, parseTocYaml, relabelNav } from '../src/site/toc.ts';
import { navPagination, navPathTo, navSidebar, navSidebarHtml, pageSidebarHtml, sidebarTemplate, templateFits, toSidebar, type SidebarLinkEntry } from '../src/site/sidebar.ts';
import type { NavItem } from '../src/site/toc.ts';
import { corpusDir, DE, RU, SHARED } from './corpus.ts';
import { parse as parseYaml } from 'yaml';
import { readSimpleYamlTree } from '../src/model/simple-yaml.ts';
import { listFiles } from '../src/io/corpus.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/site/', import.meta.url));

describe('TOC files', () => {
  it('reads every TOC.yml of the corpora without the full YAML parser, as the full parser reads it', async () => {
    let total = 0;
    for (const root of [corpusDir(), join(SHARED, 'corpus-large')]) {
      for (const path of (await listFiles(root, ['.yml'])).filter(isTocFile)) {
        const text = await readFile(join(root, path), 'utf8');
        const read = readSimpleYamlTree(text);
        let full: unknown;
        try {
          full = parseYaml(text);
        } catch {
          // Not YAML to the full parser (none in the corpora today): its error stands, the block reader refuses it too.
          expect(read, path).toBeUndefined();
          continue;
        }
        total++;
        expect(read, path).toBeDefined();
        expect(read!.value, path).toEqual(full);
      }
    }
    expect(total).toBeGreaterThan(20);
  });

  it('leaves to the full parser what its block reader does not read, and agrees on what it reads', () => {
    const agrees = [
      '- name: A\n  href: a.md\n- name: G\n  items:\n  - name: B\n    href: b.md\n',
      '# comment\n-   name: "Quoted: yes"\n    href: \'it\'\'s.md\'\n    items:\n        - name: 2019\n          expanded: 1.50\n',
      'items:\n- name: A\n  href:\n- plain\n- 42\n',
      '- name: A\r\n  items:\r\n    - name: B\r\n',
      '- name: "Office\\_365\\tx\\/y"\n  items: null\n  expanded: True\n  hidden: ~\n',
      '- name: "App \\"Analytics\\" a\\\\b"\n',
      'items:\n- name: Docs\n  tocHref: /\nms.locfileid: "57588237"\n',
    ];
    for (const text of agrees) expect(readSimpleYamlTree(text), text).toEqual({ value: parseYaml(text) });
    const refused = [
      '- name: A\n  name: B\n', // duplicate key: the full parser's error
      '- name: A\n  href: a.md # a comment\n',
      '- name: [A, B]\n',
      '- name: >\n    folded\n',
      '- name: two\n    lines\n',
      '- name: A\n   href: a.md\n',
      '---\n- name: A\n',
      '- name: &a A\n- name: *a\n',
      '- name: "a"b"\n',
      '- name: "\\u00e9"\n',
      '- name: 0x1F\n',
      '-\n  name: A\n',
      '- - A\n',
      '- name: A\n\thref: a.md\n',
    ];
    for (const text of refused) expect(readSimpleYamlTree(text), text).toBeUndefined();
  });

  it('reads TOC.yml trees, mixed-case keys and group nodes', () => {
    const nodes = parseTocYaml('- name: A\n  href: a.md\n- name: G\n  items:\n    - name: B\n      href: b.md\n      displayname: x\n');
    expect(nodes).toEqual([
      { name: 'A', href: 'a.md', items: [] },
      { name: 'G', items: [{ name: 'B', href: 'b.md', items: [] }] },
    ]);
  });

  it('reads TOC.md heading links, nesting by level', () => {
    const nodes = parseTocMarkdown('# [Top](index.md)\n## [Child](child.md)\n### [Grandchild](g.md)\n## [Second](second.md)\n# [Next](next.md)\n');
    expect(nodes.map((n) => n.name)).toEqual(['Top', 'Next']);
    expect(nodes[0]!.items.map((n) => n.name)).toEqual(['Child', 'Second']);
    expect(nodes[0]!.items[0]!.items[0]!.href).toBe('g.md');
  });

  it('expands a nested TOC.md into the node that links to it', () => {
    const nav = buildNav('pc/TOC.yml', parseTocYaml('- name: News\n  href: news/TOC.md\n- name: Page\n  href: page.md\n'), {
      resolve: (_toc, href) => ({ slug: href.replace(/\.md$/, '') }),
      readToc: (path) => (path === 'pc/news/TOC.md' ? parseTocMarkdown('# [May](may.md)\n# [April](april.md)\n') : undefined),
    });
    expect(nav[0]!.children.map((c) => c.label)).toEqual(['May', 'April']);
    expect(navSlugs(nav)).toEqual(['may', 'april', 'page']);
  });

  it('labels English navigation with English page titles, never the translation', () => {
    const nav = [{ label: 'Группа', children: [{ label: 'Альфа', slug: 'a', children: [] }] }, { label: 'Azure', children: [{ label: 'Бета', slug: 'b', children: [] }] }];
    const english = relabelNav(nav, (slug) => ({ a: 'Alpha', b: 'Beta' })[slug], (name) => name === 'Azure');
    expect(english.map((n) => n.label)).toEqual(['Alpha', 'Azure']);
    expect(english[1]!.children[0]!.label).toBe('Beta');
  });
});

/** Starlight's SidebarSublist, reduced to what the marks depend on (classes left out). */
const sublistHtml = (entries: ReturnType<typeof toSidebar>): string =>
  `<ul>${entries.map((e) => `<li>${e.type === 'link' ? `<a href="${e.href}"${e.isCurrent ? ' aria-current="page"' : ''}><span>${e.label}</span></a>` : `<details${e.collapsed ? '' : ' open'}><summary>${e.label}</summary>${sublistHtml(e.entries)}</details>`}</li>`).join('')}</ul>`;

/** What a pruned sidebar shows: a folded group without its entries. */
const prunedEntries = (entries: ReturnType<typeof toSidebar>): ReturnType<typeof toSidebar> => entries.map((e) => (e.type === 'link' ? e : { ...e, entries: e.collapsed ? [] : prunedEntries(e.entries) }));

/** Previous and next of the first current link among the site's links of a marked sidebar, as Starlight paginates. */
function linksAround(entries: ReturnType<typeof toSidebar>): [string | undefined, string | undefined] {
  const flat = (list: ReturnType<typeof toSidebar>): SidebarLinkEntry[] => list.flatMap((e) => (e.type === 'link' ? [e] : flat(e.entries)));
  const links = flat(entries).filter((l) => l.href.startsWith('/') && !l.attrs.rel);
  const at = links.findIndex((l) => l.isCurrent);
  return at < 0 ? [undefined, undefined] : [links[at - 1]?.href, links[at + 1]?.href];
}

describe('sidebar', () => {
  it('marks the current page, opens its group, and paginates in TOC order', () => {
    const nav = [
      { label: 'Home', slug: 'd', children: [] },
      { label: 'G', children: [{ label: 'A', slug: 'd/a', children: [] }, { label: 'B', slug: 'd/b', children: [] }] },
      { label: 'Out', href: 'https://example.com', children: [] },
    ];
    const sidebar = toSidebar(nav, 'ru-ru', 'd/a');
    const group = sidebar[1]!;
    expect(group.type === 'group' && !group.collapsed).toBe(true);
    const links = group.type === 'group' ? group.entries : [];
    expect(links[0]).toMatchObject({ href: '/ru-ru/d/a/', isCurrent: true });
    const { prev, next } = navPagination(navSidebar(nav, 'ru-ru'), 'd/a');
    expect(prev?.href).toBe('/ru-ru/d/');
    expect(next?.href).toBe('/ru-ru/d/b/');
  });

  it("puts a page's marks into the sidebar HTML rendered once with nothing marked", () => {
    const nav = [
      { label: 'Home', slug: 'd', children: [] },
      { label: 'G', children: [{ label: 'A', slug: 'd/a', children: [] }, { label: 'H', children: [{ label: 'B', slug: 'd/b', children: [] }] }] },
    ];
    const index = navSidebar(nav, 'en');
    const template = sidebarTemplate(sublistHtml(index.entries));
    for (const slug of ['d', 'd/a', 'd/b', 'not/in/nav']) {
      expect(navSidebarHtml(template, index, slug)).toBe(sublistHtml(toSidebar(nav, 'en', slug)));
    }
    expect(templateFits(template, index)).toBe(true);
    expect(templateFits(template, navSidebar(nav.slice(1), 'en'))).toBe(false);
  });

  it('prunes the entries of folded groups, keeping the top level and the groups around the current page', () => {
    const nav = [
      { label: 'Home', slug: 'd', children: [] },
      { label: 'G', children: [{ label: 'A', slug: 'd/a', children: [] }, { label: 'H', children: [{ label: 'B', slug: 'd/b', children: [] }, { label: 'C', slug: 'd/c', children: [] }] }] },
      { label: 'K', children: [{ label: 'E', slug: 'd/e', children: [] }] },
    ];
    const index = navSidebar(nav, 'en');
    const template = sidebarTemplate(sublistHtml(index.entries));
    for (const slug of ['d', 'd/a', 'd/b', 'd/e', 'not/in/nav']) {
      expect(navSidebarHtml(template, index, slug, { pruned: true })).toBe(sublistHtml(prunedEntries(toSidebar(nav, 'en', slug))));
    }
    // The page of A: H, folded, shows without B and C; K without E.
    expect(navSidebarHtml(template, index, 'd/a', { pruned: true })).toBe(
      '<ul><li><a href="/en/d/"><span>Home</span></a></li><li><details open><summary>G</summary><ul><li><a href="/en/d/a/" aria-current="page"><span>A</span></a></li><li><details><summary>H</summary><ul></ul></details></li></ul></details></li><li><details><summary>K</summary><ul></ul></details></li></ul>',
    );
    // The page of B shows its group's links and the groups above it open; K is folded, without E.
    expect(navSidebarHtml(template, index, 'd/b', { pruned: true })).toBe(
      '<ul><li><a href="/en/d/"><span>Home</span></a></li><li><details open><summary>G</summary><ul><li><a href="/en/d/a/"><span>A</span></a></li><li><details open><summary>H</summary><ul><li><a href="/en/d/b/" aria-current="page"><span>B</span></a></li><li><a href="/en/d/c/"><span>C</span></a></li></ul></details></li></ul></details></li><li><details><summary>K</summary><ul></ul></details></li></ul>',
    );
    // A page of the build: wrapped in the element that loads the whole sidebar from the navigation's file, inside the persister.
    const shared = { nav: index, template, persister: ['<p>', '</p>'] as [string, string] };
    expect(pageSidebarHtml({ ...shared, file: '/_bitext/nav/x.json' }, 'd/b')).toMatch(/^<p><bt-nav data-src="\/_bitext\/nav\/x.json"><ul>[\s\S]*<\/ul><\/bt-nav><\/p>$/);
    expect(pageSidebarHtml(shared, 'd/b')).toBe(`<p>${sublistHtml(toSidebar(nav, 'en', 'd/b'))}</p>`);
    expect(pageSidebarHtml({ nav: index }, 'd/b')).toBeUndefined();
  });
});

/** For every page of `nav` (and one not in it): the navigation's index marks the page as a sidebar built for that page shows it. */
function expectSameMarks(nav: NavItem[], locale: string, slugs: string[]): void {
  const index = navSidebar(nav, locale);
  const template = sidebarTemplate(sublistHtml(index.entries));
  expect(templateFits(template, index)).toBe(true);
  for (const slug of [...slugs, 'not/in/nav']) {
    const sidebar = toSidebar(nav, locale, slug);
    expect(navSidebarHtml(template, index, slug), slug).toBe(sublistHtml(sidebar));
    expect(navSidebarHtml(template, index, slug, { pruned: true }), `${slug} pruned`).toBe(sublistHtml(prunedEntries(sidebar)));
    const { prev, next } = navPagination(index, slug);
    expect([prev?.href, next?.href], slug).toEqual(linksAround(sidebar));
    // The breadcrumbs' sections: the groups around the first current link.
    expect(navPathTo(index, slug)?.map((g) => g.label), slug).toEqual(groupsToCurrent(sidebar));
  }
}

function groupsToCurrent(entries: ReturnType<typeof toSidebar>): string[] | undefined {
  for (const e of entries) {
    if (e.type === 'link') {
      if (e.isCurrent) return [];
      continue;
    }
    const inner = groupsToCurrent(e.entries);
    if (inner) return [e.label, ...inner];
  }
  return undefined;
}

describe('a navigation indexed once for all its pages', () => {
  it('marks, prunes and paginates each page as a sidebar built for it: groups with a page, a page listed twice, outside links, labels', () => {
    const nav: NavItem[] = [
      { label: 'Home', slug: 'd', children: [] },
      { label: 'G', slug: 'd/g', children: [{ label: 'A', slug: 'd/a', children: [] }, { label: 'H', children: [{ label: 'B', slug: 'd/b', children: [] }, { label: 'A again', slug: 'd/a', children: [] }] }] },
      { label: 'Same', slug: 'd/s', children: [{ label: 'S', slug: 'd/s', children: [{ label: 'T', slug: 'd/t', children: [] }] }] },
      { label: 'Out', href: 'https://example.com', children: [] },
      { label: 'Label only', children: [] },
      { label: 'K', children: [{ label: 'E', slug: 'd/e', children: [] }] },
    ];
    expectSameMarks(nav, 'en', ['d', 'd/g', 'd/a', 'd/b', 'd/s', 'd/t', 'd/e']);
    // A template of other entries does not fit: its pages render their own sidebars.
    expect(templateFits(sidebarTemplate(sublistHtml(navSidebar(nav.slice(1), 'en').entries)), navSidebar(nav, 'en'))).toBe(false);
  });

  it('marks every page of the real corpus\'s navigations as a sidebar built for it', async () => {
    const site = await loadSite({ content: [corpusDir(RU), corpusDir(DE)] });
    for (const key of ['ru-ru/partner-center', 'de-de/marketplace', 'en/partner-center']) {
      const nav = site.nav.get(key)!;
      expectSameMarks(nav, key.split('/')[0]!, navSlugs(nav));
    }
  });
});

describe('navigation of the fixture and the real corpus', () => {
  it('builds one navigation per locale and docset, English from English titles', async () => {
    const site = await loadSite({ content: [join(FIXTURES, 'corpus.ru-ru'), join(FIXTURES, 'corpus.de-de')] });
    expect([...site.nav.keys()].sort()).toEqual(['de-de/docs', 'en/docs', 'ru-ru/docs']);
    const en = site.nav.get('en/docs')!;
    const labels = JSON.stringify(en);
    expect(labels).not.toMatch(/[а-яё]/i);
    expect(navSlugs(en)).toContain('docs/sub/beta');
    // "Product Name" is written the same in every locale: kept as is.
    expect(labels).toContain('Product Name');
  });

  it('has no Cyrillic in the English sidebar of the real corpus, and every TOC page resolves', async () => {
    const site = await loadSite({ content: [corpusDir(RU), corpusDir(DE)] });
    for (const docset of ['partner-center', 'marketplace', 'archive']) {
      const en = site.nav.get(`en/${docset}`);
      expect(en, docset).toBeDefined();
      expect(JSON.stringify(en)).not.toMatch(/[а-яё]/i);
      for (const slug of navSlugs(en!)) expect(site.slugs.get('en')!.has(slug), slug).toBe(true);
    }
    // The announcements TOC.md is nested under its TOC.yml node.
    const ru = JSON.stringify(site.nav.get('ru-ru/partner-center'));
    expect(ru).toContain('partner-center/announcements/2021-may');
    const toc = await readFile(join(corpusDir(RU), 'partner-center/TOC.yml'), 'utf8');
    expect(toc).toContain('announcements/TOC.md');
  });
});
