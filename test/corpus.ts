/**
 * Where the shared corpus is. Tests and benchmarks read it in place; when it is missing they
 * fail with this message rather than skip.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));

export function corpusDir(name = ''): string {
  const dir = fileURLToPath(new URL(`../../shared/corpus/${name}`, import.meta.url));
  if (!existsSync(dir)) {
    throw new Error(`The shared corpus is missing: ${dir} does not exist. Clone this repository beside shared/ (../shared/corpus).`);
  }
  return dir;
}

export const RU = 'partner-center-pr.ru-ru';
export const DE = 'partner-center-pr.de-de';
export const RU_2019 = 'partner-center-pr.ru-ru.2019';
