/**
 * Reads V8 heap snapshots of the test process: which large strings are kept in memory only
 * because short strings cut from them are (V8 keeps a substring of 13 characters or more as a
 * view into its parent, ../../src/model/own-string.ts).
 */
import { getHeapSnapshot } from 'node:v8';
import { text } from 'node:stream/consumers';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const NOT_DATA_EDGE = new Set(['map', '__proto__', 'constructor', 'prototype', 'context']);
const NOT_DATA_NODE = new Set(['closure', 'code', 'native', 'synthetic', 'object shape']);

/** A large string kept only through views into it, and what holds the views (`holder.property`). */
export interface ViewedString {
  size: number;
  start: string;
  holders: string[];
}

/**
 * The large strings (`minSize` bytes or more) of this process that only sliced strings keep
 * alive, where some of those are held by what the global property `within` reaches (the test
 * process has others: its module runner's code).
 */
export async function stringsKeptByViews(within: string, minSize = 4096): Promise<ViewedString[]> {
  const snap = JSON.parse(await text(getHeapSnapshot())) as HeapSnapshot;
  const { node_fields, node_types, edge_fields, edge_types } = snap.snapshot.meta;
  const NF = node_fields.length;
  const EF = edge_fields.length;
  const [nodeTypes] = node_types;
  const [edgeTypes] = edge_types;
  const { nodes, edges, strings } = snap;
  const count = nodes.length / NF;
  const TYPE = node_fields.indexOf('type');
  const NAME = node_fields.indexOf('name');
  const SIZE = node_fields.indexOf('self_size');
  const EDGES = node_fields.indexOf('edge_count');
  const type = (i: number) => nodeTypes[nodes[i * NF + TYPE]!]!;
  const name = (i: number) => strings[nodes[i * NF + NAME]!]!;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * NF + EDGES]! * EF;
    firstEdge[i + 1] = e;
  }
  const edgeName = (e: number) => {
    const kind = edgeTypes[edges[e]!]!;
    return kind === 'element' || kind === 'hidden' ? `[${edges[e + 1]}]` : strings[edges[e + 1]!]!;
  };
  const outgoing = (i: number) => {
    const out: { to: number; edge: string }[] = [];
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += EF) if (edgeTypes[edges[e]!] !== 'weak') out.push({ to: edges[e + 2]! / NF, edge: edgeName(e) });
    return out;
  };
  const retainers = new Map<number, { from: number; edge: string }[]>();
  let global: number | undefined;
  for (let i = 0; i < count; i++) {
    for (const { to, edge } of outgoing(i)) {
      let list = retainers.get(to);
      if (!list) retainers.set(to, (list = []));
      list.push({ from: i, edge });
      if (edge === within && name(i) === 'global') global = i;
    }
  }
  if (global === undefined) throw new Error(`no global property ${within} in the heap snapshot`);
  // The data the global property reaches: its objects, arrays, maps and strings, not the
  // prototypes and functions through which everything in the process is reachable.
  const reached = new Set<number>();
  const queue = outgoing(global).filter((e) => e.edge === within).map((e) => e.to);
  while (queue.length > 0) {
    const i = queue.pop()!;
    if (reached.has(i)) continue;
    reached.add(i);
    for (const e of outgoing(i)) if (!reached.has(e.to) && !NOT_DATA_EDGE.has(e.edge) && !NOT_DATA_NODE.has(type(e.to))) queue.push(e.to);
  }
  const found: ViewedString[] = [];
  for (let i = 0; i < count; i++) {
    if (type(i) !== 'string' || nodes[i * NF + SIZE]! < minSize) continue;
    const by = retainers.get(i) ?? [];
    if (by.length === 0 || by.some((r) => type(r.from) !== 'sliced string')) continue;
    const holders = new Set<string>();
    let inside = false;
    for (const view of by) {
      for (const h of retainers.get(view.from) ?? []) {
        if (!reached.has(h.from)) continue;
        inside = true;
        holders.add(`${type(h.from) === 'object' ? name(h.from) : type(h.from)}.${h.edge}`);
      }
    }
    if (inside) found.push({ size: nodes[i * NF + SIZE]!, start: name(i).slice(0, 80), holders: [...holders].slice(0, 5) });
  }
  return found;
}
