/**
 * Links the way Microsoft's publisher resolves them in DocFX corpora, where Bitext used to mark
 * them "(missing page)" (judged on the broken-link report of the 12k-page build with
 * scripts/judge-links.ts):
 * - a site-absolute path under a docset's URL base (`/microsoftteams/x` for `Teams/x.md`, named by
 *   the docset's docfx.json; `/dynamics365/commerce/x` for `articles/commerce/x.md`) is a page of
 *   the site when the build has it;
 * - a corpus whose pages sit in `articles/` keeps its Open Publishing files one folder up: its
 *   redirections are read from there (source paths `articles/...`), and its other site-absolute
 *   paths go to its publishing host, as on Microsoft Learn;
 * - Hub and Tutorial YAML pages are pages, so links to them resolve.
 *
 * Fixtures are written by the test into a temporary folder; one real-corpus check reads the
 * Arabic Dynamics 365 corpus.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLink } from '../src/site/links.ts';
import { loadSite, type SiteModel } from '../src/site/model.ts';
import { SHARED } from './corpus.ts';

const page = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;

const FILES: Record<string, string> = {
  // A Teams-like corpus: docsets with docfx.json, a Hub and a Tutorial page.
  'office/.openpublishing.publish.config.json': '{}',
  'office/Teams/docfx.json': '{"build": {"globalMetadata": {"breadcrumb_path": "/microsoftteams/breadcrumb/toc.json"}}}',
  'office/Teams/TOC.yml': '- name: Overview\n  href: overview.md\n',
  'office/Teams/overview.md': page('Overview', 'See [the hub](index.yml), [the tutorial](Tutorial-Meetings.yml) and [the same page](/MicrosoftTeams/overview).'),
  'office/Teams/index.yml': '### YamlMime:Hub\ntitle: Teams\nsummary: Teams documentation\nmetadata:\n  title: Teams\n  description: Teams documentation\nhighlightedContent:\n  items:\n  - title: Overview\n    itemType: overview\n    url: overview.md\nproductDirectory:\n  items:\n  - title: Apps\n    links:\n    - text: Meetings\n      url: Tutorial-Meetings.yml\nadditionalContent:\n  sections:\n  - title: More\n    items:\n    - title: Power Apps\n      summary: Elsewhere on Learn.\n      url: /powerapps/maker/\n',
  'office/Teams/Tutorial-Meetings.yml': '### YamlMime:Tutorial\ntitle: Meetings in Teams\nmetadata:\n  title: Meetings in Teams\nitems:\n- durationInMinutes: 1\n  content: |\n    Meetings, first unit. See [the overview](overview.md).\n- durationInMinutes: 2\n  content: |\n    ## Second unit\n\n    More text.\n',
  // A Dynamics-like corpus: pages under articles/, Open Publishing files one folder up.
  'dynamics/.openpublishing.redirection.json': JSON.stringify({
    redirections: [
      { source_path: 'articles/commerce/old-name.md', redirect_url: 'new-name', redirect_document_id: false },
      { source_path: 'articles/commerce/gone.md', redirect_url: '/dynamics365/commerce/new-name', redirect_document_id: false },
      { source_path: 'other/not-ours.md', redirect_url: '/x', redirect_document_id: false },
    ],
  }),
  'dynamics/articles/commerce/TOC.yml': '- name: New name\n  href: new-name.md\n',
  'dynamics/articles/commerce/new-name.md': page('New name', 'Text.'),
  'dynamics/articles/commerce/links.md': page(
    'Links',
    '[old](old-name.md), [gone](gone.md), [absolute](/dynamics365/commerce/new-name#part), [teams](/microsoftteams/overview), [learn](/powerapps/maker/data-platform/data-platform-intro), [nowhere](/dynamics365/commerce/nowhere).',
  ),
};

let dir: string;
let site: SiteModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bitext-docfx-links-'));
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  site = await loadSite({ content: [join(dir, 'office'), join(dir, 'dynamics')] });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const from = (id: string) => {
  const p = site.pages.get(id);
  if (!p) throw new Error(`no page ${id} (have ${[...site.pages.keys()].join(', ')})`);
  return p;
};

describe('site-absolute paths under a docset URL base', () => {
  it('resolve to the page of the build: the base docfx.json names, or a product segment and the folder name', () => {
    expect(resolveLink(site, from('en/teams/overview'), '/MicrosoftTeams/overview')).toMatchObject({ kind: 'page', url: '/en/teams/overview/' });
    expect(resolveLink(site, from('en/commerce/links'), '/dynamics365/commerce/new-name#part')).toMatchObject({ kind: 'page', url: '/en/commerce/new-name/#part' });
    // From another corpus of the build: Microsoft links docsets by site path.
    expect(resolveLink(site, from('en/commerce/links'), '/microsoftteams/overview')).toMatchObject({ kind: 'page', url: '/en/teams/overview/' });
  });

  it('send a path the build does not have to the publishing host, and one into a docset of the build that has no such page nowhere', () => {
    expect(resolveLink(site, from('en/commerce/links'), '/powerapps/maker/data-platform/data-platform-intro')).toMatchObject({ kind: 'outside', url: 'https://learn.microsoft.com/powerapps/maker/data-platform/data-platform-intro' });
    expect(resolveLink(site, from('en/teams/overview'), '/powerapps/maker/')).toMatchObject({ kind: 'outside', url: 'https://learn.microsoft.com/powerapps/maker/' });
    // The publishing host knows this path, so it is not broken on Microsoft's site either.
    expect(resolveLink(site, from('en/commerce/links'), '/dynamics365/commerce/nowhere')).toMatchObject({ kind: 'outside' });
  });
});

describe('a corpus whose pages sit in articles/', () => {
  it('reads the redirection file one folder up, its source paths relative to articles/', () => {
    expect(site.redirects.get('/en/commerce/old-name')).toBe('/en/commerce/new-name/');
    expect(site.redirects.get('/en/commerce/gone')).toBe('/en/commerce/new-name/');
    expect(resolveLink(site, from('en/commerce/links'), 'old-name.md')).toMatchObject({ kind: 'page', url: '/en/commerce/new-name/' });
    expect(resolveLink(site, from('en/commerce/links'), 'gone.md')).toMatchObject({ kind: 'page', url: '/en/commerce/new-name/' });
    expect([...site.redirects.keys()].some((k) => k.includes('not-ours'))).toBe(false);
  });

  it('never reads a folder above the content folders given', async () => {
    const alone = await loadSite({ content: [join(dir, 'dynamics/articles')] });
    expect(alone.roots[0]!.repository).toBe(join(dir, 'dynamics/articles'));
    expect(alone.redirects.size).toBe(0);
  });
});

describe('Hub and Tutorial YAML pages', () => {
  it('are pages: the hub lists its links, the tutorial its units, and links to them resolve', () => {
    const hub = from('en/teams');
    expect(hub.kind).toBe('hub');
    expect(hub.markdown).toContain('- [Overview](overview.md)');
    expect(hub.markdown).toContain('- [Meetings](Tutorial-Meetings.yml)');
    expect(hub.markdown).toContain('- [Power Apps](/powerapps/maker/): Elsewhere on Learn.');
    const tutorial = from('en/teams/tutorial-meetings');
    expect(tutorial.kind).toBe('tutorial');
    expect(tutorial.title).toBe('Meetings in Teams');
    expect(tutorial.markdown).toMatch(/first unit[\s\S]*## Second unit/);
    expect(resolveLink(site, from('en/teams/overview'), 'index.yml')).toMatchObject({ kind: 'page', url: '/en/teams/' });
    expect(resolveLink(site, from('en/teams/overview'), 'tutorial-meetings.yml')).toMatchObject({ kind: 'page', url: '/en/teams/tutorial-meetings/' });
  });
});

describe('the Arabic Dynamics 365 corpus', () => {
  it('gets its redirections and its publishing host from the repository folder above articles/', { timeout: 240_000 }, async () => {
    const ar = await loadSite({ content: [join(SHARED, 'corpus-large/Dynamics-365-Operations.ar-sa')] });
    expect(ar.roots.map((r) => r.repository)).toEqual([join(SHARED, 'corpus-large/Dynamics-365-Operations.ar-sa')]);
    expect(ar.redirects.size).toBeGreaterThan(1000);
    const hr = ar.pages.get('ar-sa/human-resources/hr-whats-new-2021-05-20')!;
    expect(resolveLink(ar, hr, '/dynamics365/human-resources/hr-teams-leave-app#create-a-new-request')).toMatchObject({ kind: 'page', url: '/ar-sa/human-resources/hr-teams-leave-app/#create-a-new-request' });
    expect(resolveLink(ar, hr, '/powerapps/maker/')).toMatchObject({ kind: 'outside', url: 'https://learn.microsoft.com/powerapps/maker/' });
  });
});
