/**
 * The shipped GitHub Actions workflow of sharded builds (.github/workflows/docs-sharded.yml):
 * a matrix of build jobs, each building its part with `--shard K/N` and uploading it, and one
 * merge job that downloads every part and runs `bitext merge` on them. The commands it runs are
 * checked against the CLI's own options.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCommand } from '../src/cli/build.ts';
import { mergeCommand } from '../src/cli/merge.ts';
import { parseShardSpec } from '../src/site/shard.ts';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  strategy?: { matrix?: { shard?: unknown[] } };
  steps: Step[];
}

const workflow = parse(readFileSync(new URL('../.github/workflows/docs-sharded.yml', import.meta.url), 'utf8')) as {
  on: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
};
const build = workflow.jobs.build!;
const merge = workflow.jobs.merge!;
const expand = (run: string) => run.replace(/\$BITEXT_BUILD_ARGS/g, workflow.env?.BITEXT_BUILD_ARGS ?? '');

describe('the sharded-build workflow', () => {
  it('builds the parts in a matrix of jobs, 1..N', () => {
    const shards = build.strategy?.matrix?.shard ?? [];
    expect(shards.length).toBeGreaterThan(1);
    expect(shards).toEqual(shards.map((_, i) => i + 1));
    const run = build.steps.find((s) => s.run?.includes('bitext build'))!.run!;
    expect(run).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }}');
    // Each matrix value makes a part the CLI accepts.
    for (const k of shards) expect(parseShardSpec(`${k}/${shards.length}`)).toEqual({ index: k, count: shards.length });
    // Every option it passes is one `bitext build` has.
    for (const option of expand(run).match(/--[a-z-]+/g) ?? []) expect(buildCommand.usage, option).toContain(option);
  });

  it('uploads each part as an artifact of its own, from the folder it built', () => {
    const run = build.steps.find((s) => s.run?.includes('bitext build'))!.run!;
    const out = /--out (\S+)/.exec(run)![1]!;
    const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(String(upload.with?.name)).toContain('${{ matrix.shard }}');
    expect(String(upload.with?.path).replace(/\/$/, '')).toBe(out);
  });

  it('merges after every build job: downloads all parts and runs bitext merge on them', () => {
    expect([merge.needs].flat()).toContain('build');
    expect(merge.strategy).toBeUndefined();
    const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    const pattern = String(download.with?.pattern);
    const name = String(upload.with?.name).replace('${{ matrix.shard }}', '1');
    expect(new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(name)).toBe(true);
    const path = String(download.with?.path).replace(/\/$/, '');
    const run = merge.steps.find((s) => s.run?.includes('bitext merge'))!.run!;
    expect(run).toMatch(new RegExp(`bitext merge ${path}/\\S*\\* --out \\S+`));
    for (const option of run.match(/--[a-z-]+/g) ?? []) expect(mergeCommand.usage, option).toContain(option);
    // The merged site is uploaded.
    const out = /--out (\S+)/.exec(run)![1]!;
    expect(merge.steps.some((s) => s.uses?.startsWith('actions/upload-') && String(s.with?.path).replace(/\/$/, '') === out)).toBe(true);
  });
});
