/**
 * Sharded builds (`bitext build --shard K/N`): every shard loads the whole site model, so links,
 * "Next steps" cards, backlinks, sidebars and fallbacks are those of a single build, and renders
 * only its part of the routes. The parts are groups of routes of one locale and one docset,
 * packed into N shards balanced by route count; `bitext merge` (./merge-shards.ts) joins them.
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

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** What one shard builds. */
export interface ShardPlan {
  shard: ShardSpec;
  /** `<locale>/<docset>` groups of this shard (docset '' is the locale's home page). */
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

/**
 * Packs the groups into shards: largest group first, each into the least loaded shard, except
 * that a group joins a shard already holding its locale when that keeps the shard within its fair
 * share (fewer languages split across shards: each split language is indexed again on merge).
 * Deterministic: every shard computes the same plan from the same input.
 */
export function planShard(site: SiteModel, shard: ShardSpec): ShardPlan {
  const routes = siteRoutes(site);
  const sizes = new Map<string, number>();
  for (const r of routes) sizes.set(r.group, (sizes.get(r.group) ?? 0) + 1);
  const fair = Math.ceil(routes.length / shard.count);
  const loads = new Array<number>(shard.count).fill(0);
  const localesOf = Array.from({ length: shard.count }, () => new Set<string>());
  const owner = new Map<string, number>();
  const groups = [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // The English pages go into one shard when they fit in it: that shard writes the English search
  // bundles of every locale (./search-english.ts), which index all of them.
  const english = groups.filter(([g]) => g.startsWith(`${ENGLISH_CODE}/`));
  const englishSize = english.reduce((n, [, size]) => n + size, 0);
  const units: [string[], number][] =
    english.length > 1 && englishSize <= fair
      ? [[english.map(([g]) => g), englishSize] as [string[], number], ...groups.filter(([g]) => !g.startsWith(`${ENGLISH_CODE}/`)).map(([g, size]) => [[g], size] as [string[], number])].sort((a, b) => b[1] - a[1])
      : groups.map(([g, size]) => [[g], size]);
  for (const [members, size] of units) {
    const group = members[0]!;
    const locale = group.slice(0, group.indexOf('/'));
    const least = (candidates: number[]) => candidates.reduce((best, i) => (loads[i]! < loads[best]! ? i : best), candidates[0]!);
    const holding = loads.map((_, i) => i).filter((i) => localesOf[i]!.has(locale));
    const near = holding.length > 0 ? least(holding) : -1;
    const chosen = near >= 0 && loads[near]! + size <= fair ? near : least(loads.map((_, i) => i));
    loads[chosen]! += size;
    localesOf[chosen]!.add(locale);
    for (const g of members) owner.set(g, chosen);
  }
  const mine = (group: string) => owner.get(group) === shard.index - 1;
  const own = routes.filter((r) => mine(r.group));
  return {
    shard,
    groups: groups.map(([g]) => g).filter(mine).sort(),
    routes: new Set(own.map((r) => r.id)),
    renders: new Set(own.map((r) => r.english ?? r.id)),
    loads,
  };
}

type VitePlugin = NonNullable<ViteUserConfig['plugins']>[number];

/** Starlight's routing module and the expression that lists its routes for `getStaticPaths`. */
const ROUTING_MODULE = /[\\/]@astrojs[\\/]starlight[\\/]dist[\\/]utils[\\/]routing[\\/]index\.js$/;
const PATHS_OF_ROUTES = 'return routes.map((route) => ({ params: { slug: slugToParam(route.id) } }));';

/**
 * Narrows the routes Starlight generates to `routes` (route ids): a shard's part, the pages an
 * incremental build renders again, the pages a preview shows.
 */
export function routeFilterPlugin(routes: Set<string>): VitePlugin {
  return {
    name: 'bitext-route-filter',
    enforce: 'post',
    transform(code: string, id: string) {
      if (!ROUTING_MODULE.test(id.split('?')[0]!)) return null;
      if (!code.includes(PATHS_OF_ROUTES)) {
        throw new Error(`Starlight's routing module (${id}) no longer lists its routes as expected; this Starlight version cannot build part of a site (--shard, incremental builds, preview)`);
      }
      const keep = `const bitextShardRoutes = new Set(${JSON.stringify([...routes])});\n`;
      return { code: keep + code.replace(PATHS_OF_ROUTES, 'return routes.filter((route) => bitextShardRoutes.has(route.id)).map((route) => ({ params: { slug: slugToParam(route.id) } }));'), map: null };
    },
  } as VitePlugin;
}
