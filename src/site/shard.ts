/**
 * Sharded builds (`bitext build --shard K/N`): every shard loads the whole site model, so links,
 * "Next steps" cards, backlinks, sidebars and fallbacks are those of a single build, and renders
 * only its part of the routes. The parts are N runs of equal route count of the site's routes
 * laid out by locale and docset, cut between groups where that keeps them balanced and inside a
 * large group where it does not (`planShard`); `bitext merge` (./merge-shards.ts) joins them.
 *
 * A route is a page of the model or a fallback page (an English page shown at a locale that lacks
 * the document): both cost a rendered page. Starlight computes its routes in its routing module
 * and gives them all to `getStaticPaths`; `routeFilterPlugin` narrows that list to the shard's
 * route ids, so Astro renders, writes and indexes only those.
 */
import type { ViteUserConfig } from 'astro';
import { ENGLISH_CODE } from './locales.ts';
import type { SiteModel } from './model.ts';
import { entryId } from './slugs.ts';
import { byCodeUnits } from './code-order.ts';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** What one shard builds. */
export interface ShardPlan {
  shard: ShardSpec;
  /**
   * `<locale>/<docset>` groups of this shard (docset '' is the locale's home page); a group split
   * across shards is named with its run, `<locale>/<docset> (j/m)`.
   */
  groups: string[];
  /** Route ids (`<locale>/<slug>`) this shard renders. */
  routes: Set<string>;
  /** Page ids whose Markdown must be rendered: the shard's pages and the English pages its fallback routes show. */
  renders: Set<string>;
  /** Route count of every shard, for the log. */
  loads: number[];
}

/** Parses `K/N` (1 ≤ K ≤ N); undefined when the text is not of that form. */
export function parseShardSpec(text: string): ShardSpec | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count || count > 1000) return undefined;
  return { index, count };
}

export interface SiteRoute {
  id: string;
  group: string;
  /** For a fallback route: the English page it shows. */
  english?: string;
}

/** Every route of the site in Starlight's order of generation: pages, then fallbacks per locale. */
export function siteRoutes(site: SiteModel): SiteRoute[] {
  const routes: SiteRoute[] = [];
  for (const page of site.pages.values()) routes.push({ id: page.id, group: `${page.locale}/${page.docset}` });
  const english = [...site.pages.values()].filter((p) => p.locale === ENGLISH_CODE);
  for (const locale of site.locales) {
    if (locale.code === ENGLISH_CODE) continue;
    const present = site.slugs.get(locale.code) ?? new Set<string>();
    for (const page of english) {
      if (present.has(page.slug)) continue;
      routes.push({ id: entryId(locale.code, page.slug), group: `${locale.code}/${page.docset}`, english: page.id });
    }
  }
  return routes;
}

/** How far (of one part's share of the routes) a cut between parts may move to fall between groups rather than split one. */
const CUT_SLACK = 0.02;

/**
 * Cuts the routes into N parts of equal route count. The routes are laid out group by group:
 * the English groups first, as one block when they fit in one part (that part writes the English
 * search bundles of every locale (./search-english.ts), which index all of them), then each other
 * locale's groups, locales and docsets in order of their codes. The cut between parts k and k+1
 * falls at k/N of the routes, moved to the nearest end of a locale within `CUT_SLACK` of a
 * part's share (or one route), else to the nearest end of a group within it (fewer languages
 * split across parts: each split language is indexed again on merge), else inside a group,
 * which then spans parts in contiguous runs of its routes. Deterministic: every shard computes
 * the same plan from the same input.
 */
export function planShard(site: SiteModel, shard: ShardSpec): ShardPlan {
  const byGroup = new Map<string, SiteRoute[]>();
  for (const r of siteRoutes(site)) {
    const list = byGroup.get(r.group);
    if (list) list.push(r);
    else byGroup.set(r.group, [r]);
  }
  const localeOf = (group: string) => group.slice(0, group.indexOf('/'));
  const docsetOf = (group: string) => group.slice(group.indexOf('/') + 1);
  const isEnglish = (group: string) => localeOf(group) === ENGLISH_CODE;
  const names = [...byGroup.keys()].sort((a, b) => Number(isEnglish(b)) - Number(isEnglish(a)) || byCodeUnits(localeOf(a), localeOf(b)) || byCodeUnits(docsetOf(a), docsetOf(b)));
  const routes = names.flatMap((g) => byGroup.get(g)!);
  const total = routes.length;
  const share = total / shard.count;
  const englishSize = names.filter(isEnglish).reduce((n, g) => n + byGroup.get(g)!.length, 0);
  const keepEnglish = englishSize <= Math.ceil(share);
  // Where a group starts (but the first), and whether a locale starts there too.
  const starts: { at: number; locale: boolean }[] = [];
  let at = 0;
  for (const [i, g] of names.entries()) {
    if (i > 0 && !(keepEnglish && isEnglish(g) && isEnglish(names[i - 1]!))) starts.push({ at, locale: localeOf(g) !== localeOf(names[i - 1]!) });
    at += byGroup.get(g)!.length;
  }
  // One route at least: a small site's parts then end between locales too.
  const slack = Math.max(1, Math.floor(share * CUT_SLACK));
  const cuts = [0];
  for (let k = 1; k < shard.count; k++) {
    const ideal = k * share;
    const near = (locale: boolean) =>
      starts
        .filter((s) => (!locale || s.locale) && Math.abs(s.at - ideal) <= slack)
        .reduce<number | undefined>((best, s) => (best === undefined || Math.abs(s.at - ideal) < Math.abs(best - ideal) ? s.at : best), undefined);
    cuts.push(Math.max(cuts[k - 1]!, near(true) ?? near(false) ?? Math.ceil(ideal)));
  }
  cuts.push(total);
  const partOf = (i: number) => {
    let k = 0;
    while (i >= cuts[k + 1]!) k++;
    return k;
  };
  const mine = shard.index - 1;
  // A group that spans parts is named by its runs: `ru-ru/partner-center (1/2)`.
  const groups: string[] = [];
  let first = 0;
  for (const g of names) {
    const size = byGroup.get(g)!.length;
    const from = partOf(first);
    const to = partOf(first + size - 1);
    if (mine >= from && mine <= to) groups.push(from === to ? g : `${g} (${mine - from + 1}/${to - from + 1})`);
    first += size;
  }
  const own = routes.slice(cuts[mine]!, cuts[mine + 1]!);
  return {
    shard,
    groups: groups.sort(),
    routes: new Set(own.map((r) => r.id)),
    renders: new Set(own.map((r) => r.english ?? r.id)),
    loads: cuts.slice(1).map((c, k) => c - cuts[k]!),
  };
}

type VitePlugin = NonNullable<ViteUserConfig['plugins']>[number];

/** Starlight's routing module and the expression that lists its routes for `getStaticPaths`. */
const ROUTING_MODULE = /[\\/]@astrojs[\\/]starlight[\\/]dist[\\/]utils[\\/]routing[\\/]index\.js$/;
const PATHS_OF_ROUTES = 'return routes.map((route) => ({ params: { slug: slugToParam(route.id) } }));';

/**
 * Narrows the routes Starlight generates to `routes` (route ids): a shard's part, the pages an
 * incremental build renders again, the pages a preview shows. Without `routes` (a whole build) it
 * changes nothing, and is there all the same: Vite's dependency cache is keyed by the names of the
 * plugins, so a build with a different list (a cold build after an incremental one, or the
 * other way round) would bundle the dependencies again, seconds of every such build.
 */
export function routeFilterPlugin(routes: Set<string> | undefined): VitePlugin {
  return {
    name: 'bitext-route-filter',
    enforce: 'post',
    transform(code: string, id: string) {
      if (!routes || !ROUTING_MODULE.test(id.split('?')[0]!)) return null;
      if (!code.includes(PATHS_OF_ROUTES)) {
        throw new Error(`Starlight's routing module (${id}) no longer lists its routes as expected; this Starlight version cannot build part of a site (--shard, incremental builds, preview)`);
      }
      const keep = `const bitextShardRoutes = new Set(${JSON.stringify([...routes])});\n`;
      return { code: keep + code.replace(PATHS_OF_ROUTES, 'return routes.filter((route) => bitextShardRoutes.has(route.id)).map((route) => ({ params: { slug: slugToParam(route.id) } }));'), map: null };
    },
  } as VitePlugin;
}
