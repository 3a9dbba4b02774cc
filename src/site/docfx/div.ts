/**
 * DocFX `[!div class="nextstepaction"]`: the block quote it starts becomes a `<div>` with that
 * class (styled as a call-to-action button in the site CSS).
 */
import type { Root } from 'mdast';
import { visitType } from '../mdast-visit.ts';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';

const MARKER = /^[ \t]*\[!div\s+class\s*=\s*"([^"]*)"\s*\][ \t]*(?:\r?\n)?/i;

export function remarkDocfxDiv() {
  return (tree: Root) => {
    visitType(tree, 'blockquote', (node) => {
      const first = node.children[0];
      if (first?.type !== 'paragraph') return;
      const text = first.children[0];
      if (text?.type !== 'text') return;
      const m = MARKER.exec(text.value);
      if (!m) return;
      text.value = text.value.slice(m[0].length);
      if (text.value === '') first.children.shift();
      if (first.children.length === 0) node.children.shift();
      const classes = m[1]!.split(/\s+/).filter(Boolean);
      node.data = { ...node.data, hName: 'div', hProperties: { className: ['bt-div', ...classes] } };
    });
  };
}
