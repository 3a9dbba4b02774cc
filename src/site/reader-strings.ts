/**
 * UI strings of cross-language search, sentence marks and translation suggestions
 * (locales/readers.json): the entry of the locale, else of its language, else English.
 */
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

export function readerStrings(localeCode: string): ReaderStrings {
  return { ...stringsFor<ReaderStrings>('readers', 'en'), ...stringsFor<ReaderStrings>('readers', localeCode) };
}
