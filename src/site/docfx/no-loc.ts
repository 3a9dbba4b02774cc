/**
 * DocFX `:::no-loc text="ИНН":::`: text that must stay as written. It renders as the text itself,
 * marked `translate="no"`.
 */
import type { Root, RootContent, Text } from 'mdast';
import { colonDirectives } from '../../model/markdown/docfx.ts';
import { visitType } from '../mdast-visit.ts';
import { escapeText } from '../../xml/escape.ts';


export function remarkDocfxNoLoc() {
  return (tree: Root) => {
    visitType(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes(':::no-loc')) return;
      const parts: RootContent[] = [];
      let last = 0;
      for (const m of colonDirectives(node.value, 'no-loc')) {
        if (m.index > last) parts.push({ type: 'text', value: node.value.slice(last, m.index) });
        parts.push({ type: 'html', value: `<span translate="no">${escapeText(m.attributes.text ?? '')}</span>` });
        last = m.index + m.raw.length;
      }
      if (parts.length === 0) return;
      if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
      (parent.children as RootContent[]).splice(index, 1, ...parts);
      return index + parts.length;
    });
  };
}
