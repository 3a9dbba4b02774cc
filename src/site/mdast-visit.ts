/**
 * A fast, typed walk over an mdast tree for the site's remark plugins. It keeps the contract of
 * unist-util-visit that they rely on (visit in document order; the visitor may replace or splice
 * siblings and return the index to go on at, or 'skip' to leave the node's children out), without
 * its cost: unist-util-visit-parents builds a parents array and a result tuple per node, and was
 * 1.8 s of the corpus site's 8 s render (`npm run bench:site -- --profile`, CPU profile).
 */
import type { Nodes, Parents } from 'mdast';

/** 'skip': do not walk this node's children; a number: go on at that index of the parent. */
export type VisitResult = 'skip' | number | void;

export type NodeOfType<T extends Nodes['type']> = Extract<Nodes, { type: T }>;

/**
 * Calls `visitor` for every node of type `type` below `tree` (not `tree` itself), with its index
 * and parent. As in unist-util-visit, the node's own children are walked after the visitor runs
 * (unless it returns 'skip'), even when it moved the node.
 */
export function visitType<T extends Nodes['type']>(tree: Parents, type: T, visitor: (node: NodeOfType<T>, index: number, parent: Parents) => VisitResult): void {
  walk(tree);
  function walk(parent: Parents): void {
    const children = parent.children as Nodes[];
    let index = 0;
    while (index < children.length) {
      const node = children[index]!;
      let next = index + 1;
      if (node.type === type) {
        const result = visitor(node as NodeOfType<T>, index, parent);
        if (typeof result === 'number') next = result;
        if (result === 'skip') {
          index = next;
          continue;
        }
      }
      if ('children' in node) walk(node);
      index = next;
    }
  }
}
