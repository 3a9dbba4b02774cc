/**
 * `npx node --expose-gc bench/site-model.ts 1 5 10 large`: the site model alone (`loadSite`, no
 * Astro) at each size of `bench:site` (./sized-corpus.ts): pages, wall time, CPU time per page and the heap
 * the model keeps after a full garbage collection, per page. Flat columns: the model grows
 * linearly with the site.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSite } from '../src/site/model.ts';
import { sizedCorpora } from './sized-corpus.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with --expose-gc: npx node --expose-gc bench/site-model.ts 1 5 10');
  process.exit(2);
}
const sizes = process.argv.slice(2);
await import('node:fs/promises').then(({ mkdir }) => mkdir(join(import.meta.dirname, '..', '.bitext-tmp'), { recursive: true }));
const scratch = await mkdtemp(join(import.meta.dirname, '..', '.bitext-tmp', 'site-model-'));
try {
  for (const size of sizes.length ? sizes : ['1']) {
    const content = await sizedCorpora(size, scratch);
    gc();
    const before = process.memoryUsage().heapUsed;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const site = await loadSite({ content });
    const wall = (performance.now() - wall0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    gc();
    const heap = process.memoryUsage().heapUsed - before;
    const pages = site.pages.size;
    const seconds = (cpu.user + cpu.system) / 1e6;
    console.log(`size ${size}: ${pages} pages in ${wall.toFixed(1)} s, CPU ${seconds.toFixed(1)} s = ${((seconds * 1000) / pages).toFixed(2)} ms/page, heap kept ${(heap / 2 ** 20).toFixed(0)} MB = ${(heap / 1024 / pages).toFixed(1)} kB/page`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
