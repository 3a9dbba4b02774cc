/**
 * The scratch file that holds the pages' HTML during a build (src/site/spilled-text.ts): what is
 * put in comes back the same, in any script, and nothing is left on disk.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpilledTexts } from '../src/site/spilled-text.ts';

describe('SpilledTexts', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('gives back each text as it was put in, the latest for an id put in again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bitext-spill-test-'));
    dirs.push(dir);
    const texts = new SpilledTexts(dir);
    const samples: Record<string, string> = {
      'ru-ru/a': '<p>Счета и <b>платежи</b></p>',
      'ja-jp/b': '<p>請求書を確認します。</p>'.repeat(5000),
      'ar-sa/c': '<p dir="rtl">الفواتير 🧾</p>',
      'en/empty': '',
    };
    for (const [id, text] of Object.entries(samples)) texts.set(id, text);
    for (const [id, text] of Object.entries(samples)) {
      expect(texts.has(id)).toBe(true);
      expect(texts.get(id)).toBe(text);
      expect(texts.get(id)).toBe(text);
    }
    texts.set('ru-ru/a', '<p>новый</p>');
    expect(texts.get('ru-ru/a')).toBe('<p>новый</p>');
    expect(texts.get('ja-jp/b')).toBe(samples['ja-jp/b']);
    expect(texts.has('de-de/none')).toBe(false);
    expect(texts.get('de-de/none')).toBeUndefined();
    // The file is unlinked once open (POSIX): nothing of it stays in its folder.
    if (process.platform !== 'win32') expect(readdirSync(dir)).toEqual([]);
    texts.close();
  });
});
