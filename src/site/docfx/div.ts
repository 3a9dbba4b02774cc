/**
 * DocFX `[!div class="nextstepaction"]`: the block quote it starts becomes a `<div>` with that
 * class (styled as a call-to-action button in the site CSS).
 */
import type { Root } from 'mdast';
import { matchDivMarker } from '../../model/markdown/docfx.ts';
import { visitType } from '../mdast-visit.ts';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';


export function remarkDocfxDiv() {
  return (tree: Root) => {
    visitType(tree, 'blockquote', (node) => {
      const first = node.children[0];
      if (first?.type !== 'paragraph') return;
      const text = first.children[0];
      if (text?.type !== 'text') return;
      const m = matchDivMarker(text.value);
      if (!m) return;
      text.value = text.value.slice(m.length);
      if (text.value === '') first.children.shift();
      if (first.children.length === 0) node.children.shift();
      node.data = { ...node.data, hName: 'div', hProperties: { className: ['bt-div', ...m.classes] } };
    });
  };
}
