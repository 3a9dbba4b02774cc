/**
 * DocFX alerts: a block quote that starts with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!CAUTION]`
 * or `[!WARNING]` (any case, with or without a space after `>`) becomes a Starlight aside. The
 * quote is turned into the container directive that Starlight's own aside plugin renders.
 */
import type { Blockquote, Paragraph, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { type DocfxAlertKind, matchAlertMarker } from '../../model/markdown/docfx.ts';
import { visitType } from '../mdast-visit.ts';
import { pageOfFile, type SitePluginOptions } from '../context.ts';
import { english, siteLocale } from '../locales.ts';

const VARIANT: Record<DocfxAlertKind, 'note' | 'tip' | 'caution' | 'danger'> = {
  NOTE: 'note',
  TIP: 'tip',
  IMPORTANT: 'caution',
  CAUTION: 'caution',
  WARNING: 'danger',
};

/** The alert marker a block quote starts with (src/model/markdown/docfx.ts), if any. */
function alertOf(quote: Blockquote): { kind: DocfxAlertKind; length: number } | undefined {
  const first = quote.children[0];
  if (first?.type !== 'paragraph') return undefined;
  const text = first.children[0];
  if (text?.type !== 'text') return undefined;
  return matchAlertMarker(text.value);
}

export function remarkDocfxAlerts(options: SitePluginOptions = {}) {
  return (tree: Root, file: VFile) => {
    const locale = pageOfFile(file.path, options.context)?.page.locale;
    const strings = locale ? siteLocale(locale).strings : english.strings;
    visitType(tree, 'blockquote', (node, index, parent) => {
      const marker = alertOf(node);
      if (!marker || index === undefined || !parent) return;
      const kind = marker.kind;
      const first = node.children[0] as Paragraph;
      const text = first.children[0] as { value: string };
      text.value = text.value.slice(marker.length);
      if (text.value === '') first.children.shift();
      // A soft line break left at the start of the body renders as a leading space: drop it.
      if (first.children.length === 0) node.children.shift();
      const children = [...node.children] as RootContent[];
      if (kind === 'IMPORTANT') {
        children.unshift({ type: 'paragraph', data: { directiveLabel: true }, children: [{ type: 'text', value: strings.important }] } as Paragraph);
      }
      const directive = { type: 'containerDirective', name: VARIANT[kind]!, attributes: {}, children } as unknown as RootContent;
      (parent.children as RootContent[])[index] = directive;
    });
  };
}
