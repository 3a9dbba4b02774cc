/**
 * The README's screenshot of the translator's workbench, 1280 pixels wide:
 * `npm run screenshots:translate` writes docs/translate-1280.png (Debian's Chromium through
 * playwright-core). It works on a temporary copy of xliff/, so no file of the project changes.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorkbench } from '../src/workbench/server.ts';
import { launchBrowser } from '../test/support/browser.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs/translate-1280.png');
const work = await mkdtemp(join(tmpdir(), 'bitext-translate-shot-'));
await cp(join(root, 'xliff'), join(work, 'xliff'), { recursive: true });
const workbench = await startWorkbench({ xliffDir: join(work, 'xliff'), content: [join(root, 'content')] });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  await page.goto(`${workbench.url}#file=${encodeURIComponent('ru-ru/bitext/quick-start.xlf')}&unit=m8c4c80a8d2`);
  await page.waitForSelector('[data-unit="m8c4c80a8d2"]');
  // Wait until every file's progress is read.
  await page.waitForFunction(() => !document.querySelector('#file-list')?.textContent?.includes('reading…'), undefined, { timeout: 30_000 });
  const editor = page.locator('[data-unit="m8c4c80a8d2"] .target');
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(' (так надёжнее)');
  await page.locator('#checks li.warning').first().waitFor();
  await page.locator('#matches li').first().waitFor();
  await page.waitForFunction(() => {
    const frame = document.getElementById('preview') as HTMLIFrameElement;
    return (frame.contentWindow as unknown as { CSS?: { highlights: Map<string, unknown> } }).CSS?.highlights.has('wb-current');
  }, undefined, { timeout: 30_000 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: out });
  process.stdout.write(`${out}\n`);
} finally {
  await browser.close();
  await workbench.close();
  await rm(work, { recursive: true, force: true });
}
