/**
 * What Bitext last wrote as a unit's target, kept in the file so re-extraction can tell a
 * translator's edit from its own output whatever state a CAT tool left on the unit (CAT tools
 * save an edited unit as `translated`, the state extraction writes too).
 *
 * The mark is an attribute in Bitext's own namespace on the unit (1.2 `<trans-unit>`, 2.1
 * `<unit>`): `bitext:written="<hash>"`, where the hash covers the target's text and the ids and
 * roles of its codes (not the codes' data, which merge-back takes from the source anyway), or
 * `bitext:written="-"` when Bitext wrote no target. Both schemas allow attributes of other
 * namespaces there.
 */
import { createHash } from 'node:crypto';
import type { CodedText } from '../model/coded-text.ts';

export const BITEXT_NS = 'urn:x-bitext:xliff';
export const BITEXT_PREFIX = 'bitext';
export const WRITTEN_ATTRIBUTE = 'written';
/** The mark of a unit Bitext wrote without a target (an English MDX sentence). */
export const NO_TARGET = '-';

export function targetHash(target: CodedText | undefined): string {
  if (target === undefined) return NO_TARGET;
  const hash = createHash('sha256');
  for (const part of target) {
    if (typeof part === 'string') hash.update(part);
    else hash.update(`\u0000${part.role}${part.isolated ? '/i' : ''}:${part.id}\u0000`);
  }
  return hash.digest('base64url').slice(0, 16);
}
