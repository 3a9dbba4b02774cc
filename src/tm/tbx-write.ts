/**
 * TBX writer: a glossary as TBX v3 (ISO 30042:2019), TBX-Core dialect, DCA style, the form
 * src/tm/glossary-read.ts reads back and CAT tools import.
 */
import type { Glossary } from '../model/glossary.ts';
import { escapeAttributeLossy as escapeAttribute, escapeTextLossy as escapeText } from '../xml/escape.ts';

export function writeTbx(glossary: Glossary, description: string): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<tbx type="TBX-Core" style="dca" xml:lang="${escapeAttribute(glossary.sourceLang)}" xmlns="urn:iso:std:iso:30042:ed-2">\n`,
    `  <tbxHeader>\n    <fileDesc>\n      <sourceDesc><p>${escapeText(description)}</p></sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n`,
    '  <text>\n    <body>\n',
  ];
  for (const concept of glossary.concepts) {
    out.push(`      <conceptEntry${concept.id ? ` id="${escapeAttribute(concept.id)}"` : ''}>\n`);
    if (concept.definition) out.push(`        <descrip type="definition">${escapeText(concept.definition)}</descrip>\n`);
    if (concept.note) out.push(`        <note>${escapeText(concept.note)}</note>\n`);
    for (const [lang, terms] of Object.entries(concept.terms)) {
      out.push(`        <langSec xml:lang="${escapeAttribute(lang)}">\n`);
      for (const term of terms) {
        out.push(`          <termSec>\n            <term>${escapeText(term.text)}</term>\n`);
        if (term.forbidden) out.push('            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>\n');
        out.push('          </termSec>\n');
      }
      out.push('        </langSec>\n');
    }
    out.push('      </conceptEntry>\n');
  }
  out.push('    </body>\n  </text>\n</tbx>\n');
  return out.join('');
}
