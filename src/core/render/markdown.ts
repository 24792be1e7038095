/** Small Markdown helpers shared by every rendered summary. */

/**
 * Keeps user text (job names, messages, GitHub's errors quoting a branch name) from breaking a
 * Markdown table row or turning into HTML: `<` and `>` become entities, which GitHub shows as is.
 */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
