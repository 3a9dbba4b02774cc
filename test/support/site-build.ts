/**
 * Builds a site for a test the way `bitext build` does, in a child process: Astro must run
 * from a folder inside the repository (its prerender chunks resolve node_modules from there), and
 * without the variables Vitest adds (NODE_ENV=test, MODE, VITEST…), which make Astro build
 * Starlight's search box as in dev, without Pagefind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface TestBuild {
  content: string[];
  xliff?: string;
  out: string;
  cacheDir: string;
  /** Build a cold build's parts in that many processes at once (src/site/parallel-build.ts). */
  jobs?: number;
  /** Build one part of the site (src/site/shard.ts). */
  shard?: { index: number; count: number };
  /** Render every page even when `out` holds a previous build (src/site/incremental.ts). */
  force?: boolean;
  /** Where the reports go (default: `<out>-reports`, outside the site). */
  reports?: string;
  site?: string;
  /** A file the steps the build reports (`BuildOptions.progress`) are written to, as JSON. */
  stepsFile?: string;
}

export function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' };
  for (const key of ['NODE_ENV', 'DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'TEST']) delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  return env;
}

/** The Node script that runs `buildSite` with `options` and prints its log. */
export function buildScript({ stepsFile, ...options }: TestBuild): string {
  const buildModule = new URL('../../src/site/build.ts', import.meta.url).href;
  return `const { buildSite } = await import(${JSON.stringify(buildModule)});
    const lines = [];
    const steps = [];
    await buildSite({ ...${JSON.stringify(options)}, log: (line) => lines.push(line)${stepsFile ? ', progress: (step) => steps.push(step)' : ''} });
    ${stepsFile ? `(await import('node:fs')).writeFileSync(${JSON.stringify(stepsFile)}, JSON.stringify(steps));` : ''}
    process.stdout.write(lines.join('\\n'));`;
}

/** A scratch folder inside the repository, to run a build from (the caller removes it). */
export async function scratchFolder(label: string): Promise<string> {
  return mkdtemp(fileURLToPath(new URL(`../../.bitext-tmp-${label}-`, import.meta.url)));
}

/**
 * Runs the build; returns its log, what Astro printed (warnings go to standard error) and the
 * scratch folder (the caller removes it).
 */
export async function buildSiteInChild(options: TestBuild, label: string): Promise<{ log: string; astroLog: string; scratch: string }> {
  const scratch = await scratchFolder(label);
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', buildScript(options)], { cwd: scratch, encoding: 'utf8', env: buildEnv() });
  if (run.status !== 0) throw new Error(`build failed (${run.status}):\n${run.stderr}\n${run.stdout}`);
  return { log: run.stdout, astroLog: run.stderr, scratch };
}
