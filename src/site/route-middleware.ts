/**
 * Starlight route middleware: per page, the sidebar of the page's docset in the reader's locale,
 * and the treatment of fallback pages (English content in another locale): `lang="en"` and no
 * search indexing, so English text never lands in that locale's search index.
 *
 * The page title: Starlight writes its `<title>` with `set:html`, and the title is text from a
 * document (front matter, an XLIFF title unit): it is escaped here, for every page.
 *
 * The page heading: an sxs page shows its body's H1 (a unit of its own) as its H1, while the
 * front-matter title (the `title` unit) stays its `<title>` and metadata, which Starlight has
 * already written into the route's head by now.
 *
 * The page's contents ("On this page"): the loader's pages keep their headings out of the content
 * store, so Starlight's contents hold only "Overview", and their headings are added here
 * (./page-contents.ts). The page's own data (docset, slug, heading) comes from the site model.
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { escapeText } from '../xml/escape.ts';
import { ensureSiteContext, pageHeadings } from './loader.ts';
import { withHeadings } from './page-contents.ts';
import { ENGLISH_CODE } from './locales.ts';
import { navPagination, navSidebar, SIDEBAR_LOCAL, toSidebar, type PageSidebar, type SharedSidebar } from './sidebar.ts';
import { navStrings } from './nav-strings.ts';
import { pageStrings } from './page-meta.ts';
import { cachedUiStrings } from './ui-strings-cache.ts';
import type { SiteContext } from './context.ts';
import type { NavItem } from './toc.ts';

const NOT_FOUND_ID = '404';

/** `astro dev`, where Vite's `import.meta.env` says so (this module is loaded through Vite). */
const DEV = (import.meta as ImportMeta & { env?: { DEV?: boolean } }).env?.DEV === true;

/** The navigation of every docset, in the reader's locale where it has one (English otherwise); one array per site and locale. */
function homeNav(site: SiteContext['site'], locale: string): NavItem[] | undefined {
  const byLocale = homeNavs.get(site.nav) ?? new Map<string, NavItem[] | undefined>();
  homeNavs.set(site.nav, byLocale);
  if (!byLocale.has(locale)) byLocale.set(locale, buildHomeNav(site, locale));
  return byLocale.get(locale);
}

const homeNavs = new WeakMap<SiteContext['site']['nav'], Map<string, NavItem[] | undefined>>();

/** The sidebar holder of a navigation in a locale (./sidebar.ts): one for all the pages that show it. */
function sharedSidebar(nav: NavItem[], locale: string): SharedSidebar {
  const byLocale = sharedSidebars.get(nav) ?? new Map<string, SharedSidebar>();
  sharedSidebars.set(nav, byLocale);
  const shared = byLocale.get(locale) ?? { nav: navSidebar(nav, locale) };
  byLocale.set(locale, shared);
  return shared;
}

const sharedSidebars = new WeakMap<NavItem[], Map<string, SharedSidebar>>();

function buildHomeNav(site: SiteContext['site'], locale: string): NavItem[] | undefined {
  const docsets = [...new Set([...site.nav.keys()].map((key) => key.slice(key.indexOf('/') + 1)))].sort();
  const items = docsets.flatMap((d) => site.nav.get(`${locale}/${d}`) ?? site.nav.get(`${ENGLISH_CODE}/${d}`) ?? []);
  return items.length > 0 ? items : undefined;
}

/**
 * The site has one 404 page, which a static host serves for every missing address: it is written
 * in English and says the same in the locale that starts the address (`/de-de/…`), with a link
 * to that locale's home page.
 */
function notFoundScript(ctx: SiteContext) {
  const texts = Object.fromEntries(
    ctx.site.locales.map((l) => [l.code, { lang: l.lang, dir: l.dir, title: navStrings(l.code).notFoundTitle, text: navStrings(l.code).notFoundText, home: pageStrings(l.code).home }]),
  );
  const content = `(() => {
  const texts = ${JSON.stringify(texts).replace(/</g, '\\u003c')};
  const t = texts[location.pathname.split('/')[1]?.toLowerCase() ?? ''];
  if (!t) return;
  document.addEventListener('DOMContentLoaded', () => {
    const root = document.documentElement;
    root.lang = t.lang;
    root.dir = t.dir;
    const h1 = document.querySelector('.hero h1');
    if (h1) h1.textContent = t.title;
    const tagline = document.querySelector('.hero .tagline');
    if (tagline) tagline.textContent = t.text;
    const home = document.querySelector('.hero .bt-home-link');
    if (home) {
      home.setAttribute('href', '/' + location.pathname.split('/')[1].toLowerCase() + '/');
      home.firstChild.textContent = t.home;
    }
    document.title = document.title.replace(texts.en.title, t.title);
  });
})();`;
  return { tag: 'script' as const, attrs: {}, content };
}

export const onRequest = defineRouteMiddleware(async (context) => {
  const ctx = await ensureSiteContext();
  if (!DEV) context.locals.t = cachedUiStrings(context.locals.t, context.currentLocale ?? '', ctx.site);
  const route = context.locals.starlightRoute;
  for (const entry of route.head) if (entry.tag === 'title' && typeof entry.content === 'string') entry.content = escapeText(entry.content);
  if (route.entry.id === NOT_FOUND_ID) route.head.push(notFoundScript(ctx));
  const data = route.entry.data as { pagefind?: boolean };
  if (route.isFallback) {
    route.lang = route.entryMeta.lang;
    route.dir = route.entryMeta.dir;
    data.pagefind = false;
  }
  const { site } = ctx;
  const page = site.pages.get(route.entry.id);
  if (!page) return;
  // A copy: the entry object is shared by every render of the page (`astro dev` renders it again).
  if (page.heading !== undefined) route.entry = { ...route.entry, data: { ...route.entry.data, title: page.heading } };
  if (route.toc && page.kind !== 'mdx') route.toc = withHeadings(route.toc, pageHeadings(ctx, page.id));
  const locale = route.locale ?? ENGLISH_CODE;
  // A locale's home page belongs to no docset: its sidebar holds every docset's, folded.
  const nav = page.slug === '' ? homeNav(site, locale) : (site.nav.get(`${locale}/${page.docset}`) ?? site.nav.get(`${ENGLISH_CODE}/${page.docset}`));
  if (!nav) return;
  const shared = sharedSidebar(nav, locale);
  // The navigation's entries, unmarked and shared by its pages: the sidebar component puts this page's marks into its HTML.
  route.sidebar = shared.nav.entries;
  route.pagination = navPagination(shared.nav, page.slug);
  const sidebar: PageSidebar = { shared, slug: page.slug, marked: () => toSidebar(nav, locale, page.slug) };
  (context.locals as unknown as Record<string, unknown>)[SIDEBAR_LOCAL] = sidebar;
});
