/** Attribute parsing for the small pieces of HTML the DocFX plugins emit (escaping: src/xml/escape.ts). */
/** `type="content" source="a.png"` → { type: 'content', source: 'a.png' }. */
export function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([A-Za-z][\w-]*)\s*=\s*"([^"]*)"/g)) out[m[1]!.toLowerCase()] = m[2]!;
  return out;
}
