/**
 * Texts of the notice on locale versions of English MDX pages (locales/mdx-notices.json):
 * "N of M sentences not translated yet" and "N of M sentences changed since translation".
 */
import { stringsFor } from './ui-strings.ts';

interface NoticeStrings {
  untranslated: string;
  changed: string;
}

export interface MdxNotice {
  kind: 'untranslated' | 'changed';
  text: string;
}

export function mdxNotices(localeCode: string, t: { units?: number; untranslated?: number; changed?: number } | undefined): MdxNotice[] {
  if (!t?.units) return [];
  const strings = stringsFor<NoticeStrings>('mdx-notices', localeCode);
  const fill = (text: string, n: number) => text.replace('{n}', String(n)).replace('{m}', String(t.units));
  const out: MdxNotice[] = [];
  if (t.untranslated) out.push({ kind: 'untranslated', text: fill(strings.untranslated, t.untranslated) });
  if (t.changed) out.push({ kind: 'changed', text: fill(strings.changed, t.changed) });
  return out;
}
