/**
 * The width of a header picker (theme, language) that shows its longest option whole: Starlight
 * gives each a fixed width in em, which cuts longer labels of other languages with an ellipsis.
 */

/** Width in `ch` of a label: East Asian wide characters take two. */
function labelWidth(label: string): number {
  let n = 0;
  for (const ch of label) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

/** A CSS width for Starlight's `--sl-select-width`, which also holds the icons and the caret. */
export function selectWidth(labels: readonly string[]): string {
  const longest = Math.max(4, ...labels.map(labelWidth));
  return `calc(${longest + 1}ch + 2.75rem)`;
}
