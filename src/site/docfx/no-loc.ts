/**
 * DocFX `:::no-loc text="ИНН":::`: text that must stay as written. It renders as the text itself,
 * marked `translate="no"`.
 */
import type { Root, RootContent, Text } from 'mdast';
import { visitType } from '../mdast-visit.ts';
import { escapeText } from '../../xml/escape.ts';

const NO_LOC = /:::no-loc\s+text\s*=\s*"([^"]*)"\s*:::/g;

export function remarkDocfxNoLoc() {
  return (tree: Root) => {
    visitType(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes(':::no-loc')) return;
      const parts: RootContent[] = [];
      let last = 0;
      for (const m of node.value.matchAll(NO_LOC)) {
        if (m.index > last) parts.push({ type: 'text', value: node.value.slice(last, m.index) });
        parts.push({ type: 'html', value: `<span translate="no">${escapeText(m[1]!)}</span>` });
        last = m.index + m[0].length;
      }
      if (parts.length === 0) return;
      if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
      (parent.children as RootContent[]).splice(index, 1, ...parts);
      return index + parts.length;
    });
  };
}
