/** Small Markdown helpers shared by every rendered summary. */

/**
 * Keeps user text (job names, messages, GitHub's errors quoting a branch name) from breaking a
 * Markdown table row or turning into HTML: `<` and `>` become entities, which GitHub shows as is.
 */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** GitHub refuses a check run whose summary or text is longer than this (422). */
export const MAX_CHECK_RUN_TEXT = 65_535;

/**
 * Cuts a check-run summary or text to what GitHub accepts, ending with a note that says so;
 * a refused write would leave reviewers with no check run at all.
 */
export function capCheckRunText(text: string): string {
  if (text.length <= MAX_CHECK_RUN_TEXT) return text;
  const note = `\n\n… (truncated: GitHub shows at most 65,535 characters; this was ${text.length.toLocaleString("en-US")})`;
  let kept = text.slice(0, MAX_CHECK_RUN_TEXT - note.length);
  // Never end on half of a surrogate pair (an emoji cut in two).
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return kept + note;
}
