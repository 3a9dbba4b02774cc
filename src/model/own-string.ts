/**
 * Strings kept for the whole of a build, made to own their characters.
 *
 * V8 keeps a substring of 13 characters or more as a view into the string it was cut from, and
 * that string stays in memory as long as the view does. A page title cut from a corpus file kept
 * the whole file; a heading id or a link's anchor cut from the Markdown parser's text kept the
 * whole page. On the 12,000-page site the site model and the link records kept 330 MB of corpus
 * files and page sources alive that way when the first page was rendered (a heap profile of the
 * build), through titles, labels, heading ids and anchors of a few dozen characters.
 */

/** Below this length V8 copies a substring, so a short string never keeps a longer one alive. */
const SHORTEST_VIEW = 13;

/**
 * `text` as a string that shares memory with no other: the same characters (lone surrogates
 * too), copied when `text` may be a view into a longer string. For strings a build keeps (page
 * titles, navigation labels, anchors), not for text that lives as long as its source anyway.
 */
export function ownString(text: string): string {
  return text.length < SHORTEST_VIEW ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * Makes `text` one run of characters in memory, and returns it. V8 holds a string built piece by
 * piece (`+=`, template literals of parts) as a tree of its pieces, about 32 bytes a piece, until
 * something reads it whole; the site model's page Markdown and English tails, built sentence by
 * sentence and kept for the whole build, were 514 MB of heap with their trees and 312 MB without
 * (`bench/site-model.ts large`). Converting a string to a number reads it whole: V8 flattens it
 * in place, and every holder of the string gets the flat one.
 */
export function flatten(text: string): string {
  Number(text);
  return text;
}
