/**
 * DocFX heading anchors: `## <a name="next-steps"></a>Next steps`. The first anchor becomes the
 * heading's id, so old deep links (and links from other locales, which share the English anchor)
 * keep working; further anchors stay as empty `<a id>` targets. The anchor markup never reaches
 * the heading text, the table of contents or search.
 */
import type { Heading, PhrasingContent, Root } from 'mdast';
import { visitType } from '../mdast-visit.ts';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';
import { escapeAttribute } from '../../xml/escape.ts';

const ANCHOR = /^<a\s+(?:[^>]*?\s)?(?:name|id)\s*=\s*"([^"]*)"[^>]*?\/?>\s*(?:<\/a\s*>)?$/i;
const CLOSE = /^<\/a\s*>$/i;

/** Removes anchor tags from the heading's children and returns their names, in order. */
export function takeAnchors(heading: Heading): string[] {
  const anchors: string[] = [];
  const kept: PhrasingContent[] = [];
  const children = heading.children;
  for (let k = 0; k < children.length; k++) {
    const child = children[k]!;
    if (child.type === 'html') {
      const value = child.value.trim();
      const anchor = ANCHOR.exec(value);
      if (anchor) {
        if (anchor[1]) anchors.push(anchor[1]);
        // `<a name="x"></a>` is one html node or two (`<a name="x">`, `</a>`): take the close too.
        const closed = /<\/a\s*>$/i.test(value) || /\/>$/.test(value);
        const next = children[k + 1];
        if (!closed && next?.type === 'html' && CLOSE.test(next.value.trim())) k++;
        continue;
      }
    }
    kept.push(child);
  }
  // The text after a removed anchor may start with the space that separated them.
  const first = kept[0];
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '');
  heading.children = kept;
  return anchors;
}

export function remarkDocfxHeadingAnchors() {
  return (tree: Root) => {
    visitType(tree, 'heading', (node) => {
      if (!node.children.some((c) => c.type === 'html')) return;
      const anchors = takeAnchors(node);
      if (anchors.length === 0) return;
      node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), id: anchors[0]! } };
      for (const extra of anchors.slice(1)) node.children.push({ type: 'html', value: `<a id="${escapeAttribute(extra)}"></a>` });
    });
  };
}
