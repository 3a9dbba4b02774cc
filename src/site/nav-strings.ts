/** UI strings of the reader site's navigation (locales/navigation.json). */
import { stringsFor } from './ui-strings.ts';

export interface NavStrings {
  /** Label of the list of pages that link to the page. */
  backlinks: string;
  /** Visible mark after the text of a link to a page that exists nowhere. */
  missing: string;
  /** Tooltip of that link text; `{href}` is the target as written. */
  missingTitle: string;
  /** Visible marks of an include that cannot be shown; `{title}` is its title. */
  includeMissing: string;
  includeCycle: string;
  includeOutside: string;
  includeLimit: string;
  /** Tooltip of those marks; `{path}` is the include's path as written. */
  includeTitle: string;
  /** Label of a related-pages card list whose heading has no text. */
  related: string;
  /** Title and text of the page for an address that has no page. */
  notFoundTitle: string;
  notFoundText: string;
}

export function navStrings(localeCode: string): NavStrings {
  return stringsFor<NavStrings>('navigation', localeCode);
}
