/**
 * Reads the `.cpuprofile` files Node writes with `--cpu-prof` and prints where the CPU time went:
 * the functions with the most self time, and self time per package (or per folder of src/).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script belongs: `astro`, `@astrojs/starlight`, `src/site`, `node:internal`, … */
function owner(url: string): string {
  if (!url) return '(native, GC, idle)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /\/(src\/[^/]+|bench|test)\//.exec(url);
  if (src) return src[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

export async function summarizeProfiles(dir: string, top = 25): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const [k, id] of profile.samples.entries()) {
      const delta = profile.timeDeltas[k] ?? 0;
      const frame = nodes.get(id)!.callFrame;
      if (frame.functionName === '(idle)') continue;
      const short = frame.url ? `${frame.url.replace(/^file:\/\//, '').split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : '';
      const name = `${frame.functionName || '(anonymous)'} ${short}`.trim();
      byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
      byOwner.set(owner(frame.url), (byOwner.get(owner(frame.url)) ?? 0) + delta);
      total += delta;
    }
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const lines = [`CPU profile: ${files.length} thread(s), ${(total / 1e6).toFixed(1)} s of samples (idle left out)`, 'self time by package / folder:'];
  for (const [name, us] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${ms(us)} ${pct(us)}  ${name}`);
  lines.push(`top ${top} functions by self time:`);
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${ms(us)} ${pct(us)}  ${name}`);
  return lines;
}
