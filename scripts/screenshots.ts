/**
 * The README's screenshots of the home page, 1280 and 390 pixels wide, from a built site:
 * `npm run build && npm run screenshots -- [dist]` writes docs/home-1280.png and
 * docs/home-390.png (Debian's Chromium through playwright-core, as the browser tests use it).
 */
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/support/browser.ts';
import { serveStatic } from '../src/site/serve.ts';

const dir = process.argv[2] ?? 'dist';
const out = fileURLToPath(new URL('../docs/', import.meta.url));
const server = await serveStatic(dir);
const browser = await launchBrowser();
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: width > 800 ? 800 : 844 }, colorScheme: 'light' });
    await page.goto(`${server.url}/en/`);
    await page.screenshot({ path: `${out}home-${width}.png` });
    await page.close();
    process.stdout.write(`${out}home-${width}.png\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
