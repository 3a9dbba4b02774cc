import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setSiteContext } from '../src/site/context.ts';
import { bitextTransforms, createSiteMarkdownRenderer } from '../src/site/markdown.ts';
import { docsFilePath } from '../src/site/loader.ts';
import { loadSite } from '../src/site/model.ts';
import { codeLanguage } from '../src/site/docfx/code.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/site/', import.meta.url));
const site = await loadSite({ content: [join(FIXTURES, 'corpus.ru-ru'), join(FIXTURES, 'corpus.de-de')] });
const ctx = setSiteContext(site);
const remarkOnly = bitextTransforms();
// The site's own Markdown pipeline (Sätteri + the Bitext plugin), without Starlight's plugins.
const renderer = await createSiteMarkdownRenderer();

/** Renders Markdown as if it were the body of page `id` (context: locale, links, images). */
async function render(markdown: string, id = 'ru-ru/docs/alpha'): Promise<string> {
  const path = docsFilePath('/site', id);
  ctx.pageByFile.set(path, site.pages.get(id)!);
  return (await renderer.render(markdown, { fileURL: pathToFileURL(path) })).code;
}

function mdast(markdown: string, id = 'ru-ru/docs/alpha') {
  const path = docsFilePath('/site', id);
  ctx.pageByFile.set(path, site.pages.get(id)!);
  return remarkOnly.runSync(remarkOnly.parse(markdown), { path, value: markdown } as never) as unknown as { children: { type: string; name?: string; children?: unknown[] }[] };
}

describe('DocFX alerts', () => {
  it('turns every case and spacing of the markers into aside directives', () => {
    for (const [marker, name] of [['>[!NOTE]', 'note'], ['> [!Note]', 'note'], ['>  [!tip] ', 'tip'], ['> [!CAUTION]', 'caution'], ['>[!Warning]', 'danger']] as const) {
      const tree = mdast(`${marker}\n> Body text.`);
      expect(tree.children[0]).toMatchObject({ type: 'containerDirective', name });
    }
  });

  it('titles IMPORTANT in the page language', () => {
    const tree = mdast('> [!IMPORTANT]\n> Body.');
    expect(JSON.stringify(tree.children[0])).toContain('Важно');
  });

  it('leaves ordinary quotes alone', () => {
    expect(mdast('> Just a quote.').children[0]!.type).toBe('blockquote');
  });
});

describe('DocFX inline syntax', () => {
  it('renders a missing :::image as its alt text, and a lightbox around it as nothing', async () => {
    const html = await render(':::image type="content" source="media/none.png" alt-text="Где найти сведения." lightbox="media/none.png":::');
    expect(html).toContain('<span class="bt-missing-image" role="img" aria-label="Где найти сведения.">Где найти сведения.</span>');
    expect(html).not.toContain(':::');
    const linked = await render('[![Alt text](media/x.png)](media/x.png#lightbox)');
    expect(linked).not.toContain('<a');
    expect(linked).toContain('Alt text');
  });

  it('renders :::no-loc as the text itself', async () => {
    const html = await render('| a | :::no-loc text="ИНН/VOEN"::: |\n| - | - |\n| b | c |');
    expect(html).toContain('<span translate="no">ИНН/VOEN</span>');
    expect(html).toContain('<table>');
  });

  it('turns [!div class="nextstepaction"] into a styled div', async () => {
    const html = await render('> [!div class="nextstepaction"]\n> [Next](sub/beta.md)');
    expect(html).toContain('<div class="bt-div nextstepaction">');
    expect(html).toContain('href="/ru-ru/docs/sub/beta/"');
  });

  it('uses the <a name> anchor as the heading id and keeps it out of the text', async () => {
    const html = await render('## <a name="next-steps"></a><a name="9"></a>Дальнейшие действия');
    expect(html).toMatch(/<h2 id="next-steps">Дальнейшие действия<a id="9"><\/a><\/h2>/);
  });

  it('resolves [!INCLUDE] in the same locale', async () => {
    const html = await render('Before.\n\n[!INCLUDE[title](only-ru.md)]\n\nAfter.');
    // only-ru.md is a page, not in includes/: an include must name an includes file.
    expect(html).toContain('After.');
  });

  it('marks a link to a page the locale lacks as English', async () => {
    const html = await render('[Только](only-ru.md)', 'de-de/docs/alpha');
    expect(html).toContain('<a href="/de-de/docs/only-ru/" hreflang="en">Только</a> <span class="bt-lang-mark" lang="en">(English)</span>');
  });

  it('maps DocFX code languages to highlighter names', () => {
    expect(codeLanguage('azurepowershell-interactive')).toBe('powershell');
    expect(codeLanguage('PowerShell')).toBe('powershell');
    expect(codeLanguage('Output')).toBe('txt');
    expect(codeLanguage('no-such-language')).toBe('txt');
  });
});
