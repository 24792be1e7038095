/**
 * Release notes: the PRs merged since the previous release, with their authors, and the evidence
 * (the required results, with links) that let this release out.
 */
import type { GateOutcome, MergedPr } from "../train/state.js";

export interface ReleaseNotesInput {
  tag: string;
  previousTag: string | null;
  prs: MergedPr[];
  evidence: GateOutcome[];
}

/** Backslash-escapes what Markdown would read as formatting, links, HTML, table cells or @mentions. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, " ").replace(/[\\`*_{}[\]()<>#!|~&@]/g, (char) => `\\${char}`);
}

/** A GitHub login mentions its owner; anything else is shown as text. */
export function formatAuthor(login: string): string {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(login) ? `@${login}` : escapeMarkdown(login);
}

/** Only http(s) links are rendered; anything else (javascript:, data:) is dropped. */
export function formatLink(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\/[^\s()<>]+$/i.test(url)) return "";
  return `[${label}](${url})`;
}

export function renderReleaseNotes(input: ReleaseNotesInput): string {
  const since = input.previousTag ? `Changes since \`${input.previousTag}\`:` : "Changes in this first release:";
  const prs = input.prs.length
    ? input.prs.map((pr) => `- ${escapeMarkdown(pr.title)} (#${pr.number}) by ${formatAuthor(pr.author)}`)
    : ["- No pull requests were merged."];
  return [since, "", ...prs, "", ...renderEvidence(input.evidence)].join("\n");
}

export function renderEvidence(evidence: GateOutcome[]): string[] {
  if (evidence.length === 0) return ["### Evidence", "", "No results were required."];
  const rows = evidence.map((outcome) => {
    const state = outcome.passed ? "✅ passed" : "❌ failed";
    const link = formatLink("details", outcome.url);
    return `| ${escapeMarkdown(outcome.name)} | ${state} | ${escapeMarkdown(outcome.summary)} | ${link} |`;
  });
  return ["### Evidence", "", "| Required result | State | Summary | Link |", "| --- | --- | --- | --- |", ...rows];
}
