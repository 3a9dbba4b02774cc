/**
 * DocFX YAML pages (`### YamlMime:Landing`, `Hub`, `FAQ`, `Tutorial`) as Markdown, so they render
 * through the same pipeline as every other page (links resolve, DocFX syntax works).
 * These files are translated only: the corpus has no English for them.
 *
 * A Hub page (a docset's front page: highlighted links, product directory, tools, sections of
 * link cards) is read as a landing page: its blocks become headings with link lists, and its links
 * label the English landing page the same way. A Tutorial page is its units' Markdown in order.
 */
import { parse } from 'yaml';

export type YamlPageKind = 'landing' | 'hub' | 'faq' | 'tutorial';

export function yamlPageKind(text: string): YamlPageKind | undefined {
  const first = text.slice(0, 40).trimStart();
  if (/^### YamlMime:Landing\b/i.test(first)) return 'landing';
  if (/^### YamlMime:Hub\b/i.test(first)) return 'hub';
  if (/^### YamlMime:FAQ\b/i.test(first)) return 'faq';
  if (/^### YamlMime:Tutorial\b/i.test(first)) return 'tutorial';
  return undefined;
}

export interface YamlPage {
  kind: YamlPageKind;
  title: string | undefined;
  description: string | undefined;
  /** The `metadata` block: ms.* keys. */
  metadata: Record<string, unknown>;
  markdown: string;
  /** Landing link lists, kept for the English rebuild. */
  lists: LandingList[];
}

export interface LandingList {
  /** Block title (translated). */
  title: string;
  type: string;
  links: { text: string; url: string }[];
}

interface LandingYaml {
  title?: string;
  summary?: string;
  metadata?: Record<string, unknown>;
  landingContent?: { title?: string; linkLists?: { linkListType?: string; links?: { text?: string; url?: string }[] }[] }[];
}

/** A link of a Hub page: a card (`title`, `summary`, `url`) or a list entry (`text`, `url`). */
interface HubItem {
  title?: string;
  text?: string;
  summary?: string;
  url?: string;
  itemType?: string;
  links?: HubItem[];
  footerLink?: HubItem;
}

/** A block of a Hub page. */
interface HubBlock {
  title?: string;
  summary?: string;
  items?: HubItem[];
}

interface HubYaml {
  highlightedContent?: HubBlock;
  productDirectory?: HubBlock;
  conceptualContent?: HubBlock;
  tools?: HubBlock;
  additionalContent?: { sections?: HubBlock[]; footer?: string };
}

interface TutorialYaml {
  items?: { content?: string }[];
}

interface FaqYaml {
  title?: string;
  summary?: string;
  metadata?: Record<string, unknown>;
  sections?: { name?: string; questions?: { question?: string; answer?: string }[] }[];
  additionalContent?: string;
}

/** Parses a landing or FAQ page; throws on YAML errors (the caller turns them into diagnostics). */
export function readYamlPage(text: string, kind: YamlPageKind): YamlPage {
  const data = (parse(text) ?? {}) as LandingYaml & FaqYaml & HubYaml & TutorialYaml;
  const metadata = data.metadata ?? {};
  const title = str(data.title) ?? str(metadata.title);
  const description = str(metadata.description) ?? oneLine(str(data.summary));
  const out: string[] = [];
  const lists: LandingList[] = [];
  if (data.summary) out.push(String(data.summary).trim(), '');
  if (kind === 'landing') {
    for (const block of data.landingContent ?? []) {
      const blockTitle = str(block.title) ?? '';
      out.push(`## ${blockTitle}`, '');
      for (const list of block.linkLists ?? []) {
        const links = (list.links ?? []).filter((l) => l.url).map((l) => ({ text: str(l.text) ?? l.url!, url: l.url! }));
        lists.push({ title: blockTitle, type: list.linkListType ?? '', links });
        for (const link of links) out.push(`- [${escapeLinkText(link.text)}](${link.url})`);
      }
      out.push('');
    }
  } else if (kind === 'hub') {
    const blocks = [data.highlightedContent, data.productDirectory, data.conceptualContent, data.tools, ...(data.additionalContent?.sections ?? [])];
    for (const block of blocks) {
      if (!block?.items?.length) continue;
      const blockTitle = str(block.title) ?? '';
      if (blockTitle) out.push(`## ${blockTitle}`, '');
      if (str(block.summary)) out.push(str(block.summary)!, '');
      const links: { text: string; url: string }[] = [];
      for (const item of block.items) {
        const label = str(item.title) ?? str(item.text);
        if (item.url) {
          links.push({ text: label ?? item.url, url: item.url });
          out.push(`- [${escapeLinkText(label ?? item.url)}](${item.url})${str(item.summary) ? `: ${oneLine(str(item.summary))}` : ''}`);
          continue;
        }
        // A card with a list of links under its title.
        const inner = [...(item.links ?? []), ...(item.footerLink ? [item.footerLink] : [])].filter((l) => l.url);
        if (!inner.length) continue;
        if (label) out.push(`- ${label}`);
        for (const l of inner) {
          const text = str(l.text) ?? str(l.title) ?? l.url!;
          links.push({ text, url: l.url! });
          out.push(`${label ? '  ' : ''}- [${escapeLinkText(text)}](${l.url})`);
        }
      }
      lists.push({ title: blockTitle, type: block.items[0]?.itemType ?? '', links });
      out.push('');
    }
    if (str(data.additionalContent?.footer)) out.push(str(data.additionalContent?.footer)!, '');
  } else if (kind === 'tutorial') {
    for (const item of data.items ?? []) if (str(item.content)) out.push(String(item.content).trim(), '');
  } else {
    for (const section of data.sections ?? []) {
      if (section.name) out.push(`## ${section.name.trim()}`, '');
      for (const q of section.questions ?? []) {
        out.push(`### ${oneLine(str(q.question)) ?? ''}`, '', String(q.answer ?? '').trim(), '');
      }
    }
    if (data.additionalContent) out.push(String(data.additionalContent).trim(), '');
  }
  return { kind, title, description, metadata, markdown: out.join('\n'), lists };
}

/**
 * The English landing page: the translated file has no English, so each link is labelled with
 * the English title of the page it links to and each list with its `linkListType`.
 */
export function englishLandingMarkdown(page: YamlPage, englishTitleOf: (url: string) => string | undefined): string {
  const out: string[] = [];
  let lastType = '';
  for (const list of page.lists) {
    const heading = humanizeListType(list.type);
    if (heading !== lastType) out.push(`## ${heading}`, '');
    lastType = heading;
    for (const link of list.links) out.push(`- [${escapeLinkText(englishTitleOf(link.url) ?? link.url)}](${link.url})`);
    out.push('');
  }
  return out.join('\n');
}

const LIST_TYPES: Record<string, string> = {
  'get-started': 'Get started',
  'how-to-guide': 'How-to guide',
  'whats-new': "What's new",
  quickstart: 'Quickstart',
  tutorial: 'Tutorial',
  concept: 'Concept',
  overview: 'Overview',
  reference: 'Reference',
  architecture: 'Architecture',
  deploy: 'Deploy',
  download: 'Download',
  learn: 'Learn',
  sample: 'Sample',
  training: 'Training',
  video: 'Video',
};

export function humanizeListType(type: string): string {
  return LIST_TYPES[type] ?? (type ? type.charAt(0).toUpperCase() + type.slice(1).replace(/-/g, ' ') : 'Links');
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function oneLine(value: string | undefined): string | undefined {
  return value?.replace(/\s+/g, ' ').trim();
}

function escapeLinkText(text: string): string {
  return text.replace(/([[\]])/g, '\\$1');
}
