/**
 * One model of an XLIFF file for both versions Bitext writes and reads (1.2 and 2.1): the writers
 * render it, the reader fills it, re-extraction and merge-back work on it. It holds what Bitext
 * needs (units, their coded source and target, state, notes, alternatives), not all of XLIFF.
 */
import type { UnitTerm } from './glossary.ts';
import type { CodedText } from '../model/coded-text.ts';

export type XliffVersion = '1.2' | '2.1';

/**
 * A unit's workflow state, in XLIFF 1.2 terms (2.1 maps onto these: initial → `new` or
 * `needs-review-translation` by its subState, translated, reviewed → `signed-off`, final).
 */
export type UnitState =
  | 'new'
  | 'needs-translation'
  | 'needs-review-translation'
  | 'needs-adaptation'
  | 'needs-l10n'
  | 'needs-review-adaptation'
  | 'needs-review-l10n'
  | 'translated'
  | 'signed-off'
  | 'final'
  | (string & {});

export interface XliffNote {
  /** Who wrote it: `bitext` for generated notes (1.2 `from`, 2.1 `category`); others are kept. */
  from?: string;
  text: string;
}

/** An alternative translation: 1.2 `alt-trans`, 2.1 `mtc:match`. */
export interface XliffAlternative {
  source: CodedText;
  target: CodedText;
  /** Character similarity of this alternative's source to the unit's source, 0–100. */
  similarity?: number;
  /** Where it comes from, e.g. `previous-version`. */
  origin?: string;
  /** The unit id it had in the file it came from. */
  previousId?: string;
  /** Its state there (kept so a translator sees it was final). */
  previousState?: UnitState;
  /** It holds a translator's edit (its unit's target differed from what Bitext wrote). */
  edited?: boolean;
  /**
   * The previous target's XML content as the translator's file had it (segment markers aside),
   * written in place of `target` so what tools put inside it (comments, `mrk` annotations) is kept.
   */
  targetXml?: string;
}

/** Front-matter fields extracted as metadata units (1.2 `restype="x-metadata"`). */
export type MetadataField = 'title' | 'description';

export interface XliffUnit {
  id: string;
  /** Set for a front-matter unit; the id is then the field name. */
  metadata?: MetadataField;
  source: CodedText;
  target: CodedText | undefined;
  state: UnitState | undefined;
  /** 1.2 `state-qualifier`, or 2.1 `subState`; e.g. `leveraged-mt`. */
  qualifier: string | undefined;
  translate: boolean;
  notes: XliffNote[];
  alternatives: XliffAlternative[];
  /**
   * The mark of the target Bitext last wrote for this unit (./written.ts), as read from the
   * file; when it is undefined the writers mark the unit's current target as Bitext's.
   */
  written?: string;
  /** Glossary terms of the source (written as 2.1 `gls:glossary`, 1.2 glossary notes; not read back). */
  terms?: UnitTerm[];
  /** 1-based line of the unit in the file it was read from (for diagnostics). */
  line?: number;
  /** Where its target element starts in that file (for diagnostics about the target's text). */
  targetAt?: { line: number; column: number };
  /**
   * Elements typed into the target that are no inline code (a raw `<script>`, `<b>`): XML reads
   * them as markup, not text, so merge-back refuses the target (src/pipeline/merge-rules.ts).
   */
  markup?: TargetMarkup[];
}

/** An element in a target that is not one of XLIFF's inline codes or annotations, and where it stands. */
export interface TargetMarkup {
  name: string;
  line: number;
  column: number;
}

export interface XliffFile {
  version: XliffVersion;
  /** The document path the file was extracted from, e.g. `partner-center/account-structure.md`. */
  original: string;
  sourceLanguage: string;
  targetLanguage: string;
  /** 1.2 `datatype` of the file: `x-markdown` (documents) unless said; `plaintext` for UI strings. */
  datatype?: string;
  units: XliffUnit[];
}
