/** Small Markdown helpers shared by every rendered summary. */

/** Keeps user text (job names, messages) from breaking a Markdown table row. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
