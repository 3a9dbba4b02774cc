/**
 * UI strings of cross-language search, sentence marks and translation suggestions
 * (locales/readers.json): the entry of the locale, else of its language, else English.
 */
// A JSON import (not a file read) so the strings travel into Astro's bundled server code.
import stringsFile from '../../locales/readers.json' with { type: 'json' };
import { stringsFor } from './ui-strings.ts';

export interface ReaderStrings {
  matchedInEnglish: string;
  englishResults: string;
  moreResults: string;
  stale: string;
  machine: string;
  markMachine: string;
  suggest: string;
  suggestHelp: string;
  suggestTitle: string;
  current: string;
  english: string;
  yourSuggestion: string;
  send: string;
  download: string;
  cancel: string;
  sent: string;
}

const table = stringsFile as unknown as Record<string, ReaderStrings>;

export function readerStrings(localeCode: string): ReaderStrings {
  return { ...table.en!, ...stringsFor(table, localeCode) };
}
