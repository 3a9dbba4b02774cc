#!/usr/bin/env node
// Entry point of `npx bitext`. Node 24 runs the TypeScript sources directly (type stripping).
import { enableCompileCache } from 'node:module';

// V8's compiled code of the modules a command loads (Astro, Vite, Starlight, ... for `build`) is
// kept on disk between runs: a rebuild that renders one page no longer spends seconds compiling
// them again. Before the first import of the commands, which loads them.
enableCompileCache?.();
// Rolldown (Vite's bundler) and Astro's compiler each carry their own mimalloc, which by default
// backs its arena with transparent huge pages and returns freed pages a second later: the memory
// they used to bundle the site stayed resident through the whole page generation (400 MB on a
// 12,000-page site). Read by each allocator when its module loads, so set before any import; a
// value given in the environment wins.
process.env.MIMALLOC_ALLOW_THP ??= '0';
process.env.MIMALLOC_PURGE_DELAY ??= '0';
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2));
