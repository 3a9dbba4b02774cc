/**
 * Peak memory of a process tree, sampled from /proc: the largest single process and the sum over
 * the root and all its descendants (Node, Pagefind's binary, any worker process), every 250 ms.
 * GNU time's maximum RSS gives only the largest process; a build whose processes overlap needs
 * the sum as well.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;

export interface TreePeak {
  /** Largest RSS of any one process of the tree, bytes. */
  largest: number;
  /** Largest sum of the RSS of all processes of the tree at one moment, bytes. */
  tree: number;
}

function snapshot(): Map<number, { ppid: number; rss: number }> {
  const out = new Map<number, { ppid: number; rss: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(fields[1]), rss: Number(fields[21]) * PAGE });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/** Samples the tree under `pid` until `stop()`; returns the peaks. */
export function watchTree(pid: number, everyMs = 250): { stop(): TreePeak } {
  const peak: TreePeak = { largest: 0, tree: 0 };
  const sample = () => {
    const all = snapshot();
    const children = new Map<number, number[]>();
    for (const [p, { ppid }] of all) children.set(ppid, [...(children.get(ppid) ?? []), p]);
    let sum = 0;
    const stack = [pid];
    while (stack.length) {
      const p = stack.pop()!;
      const rss = all.get(p)?.rss ?? 0;
      sum += rss;
      peak.largest = Math.max(peak.largest, rss);
      stack.push(...(children.get(p) ?? []));
    }
    peak.tree = Math.max(peak.tree, sum);
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
