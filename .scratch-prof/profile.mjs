const { build } = await import('astro');
const { loadSite } = await import('file:///work/wt-lead/src/site/model.ts');
const { setSiteContext } = await import('file:///work/wt-lead/src/site/context.ts');
const { createSiteConfig } = await import('file:///work/wt-lead/src/site/config.ts');
const site = await loadSite({ content: ['/work/shared/corpus/partner-center-pr.ru-ru', '/work/shared/corpus/partner-center-pr.de-de'] });
const context = setSiteContext(site);
const config = await createSiteConfig({ context, outDir: '/tmp/pf/dist' });
await build({ ...config, configFile: false, logLevel: 'warn', cacheDir: '/tmp/pf/cache' });
