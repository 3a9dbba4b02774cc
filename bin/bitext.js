#!/usr/bin/env node
// Entry point of `npx bitext`. Node 24 runs the TypeScript sources directly (type stripping).
import { enableCompileCache } from 'node:module';

// V8's compiled code of the modules a command loads (Astro, Vite, Starlight, ... for `build`) is
// kept on disk between runs: a rebuild that renders one page no longer spends seconds compiling
// them again. Before the first import of the commands, which loads them.
enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2));
