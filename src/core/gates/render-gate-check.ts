/**
 * The check run `signalbox/gate:<context>` on the item's commit: the decision's summary as the
 * title, a table of requirements, and every waiver of the item with who, why and until when.
 */
import { escapeCell } from "../render/markdown.js";
import { isActive } from "./decide-gate.js";
import type { Decision, Requirement, Waiver } from "./types.js";

export interface GateCheck {
  name: string;
  /** Waiting only on missing or running tests: in progress (yellow), not failed. */
  status: "in_progress" | "completed";
  conclusion: "success" | "failure" | null;
  title: string;
  summary: string;
}

/** Rows beyond this are counted, not shown: check run summaries stop at 65,535 characters. */
const MAX_ROWS = 100;

export function renderGateCheck(context: string, decision: Decision, waivers: Waiver[], at: Date): GateCheck {
  const unsatisfied = decision.unsatisfied_requirements;
  const waiting = unsatisfied.length > 0 && unsatisfied.every((r) => r.type === "test-result-missing" || r.type === "test-result-running");
  const lines = [`**${decision.satisfied ? "Passes" : "Blocks"}:** ${cell(decision.summary)}.`, ""];
  const rows = [...unsatisfied, ...decision.satisfied_requirements];
  if (rows.length > 0) lines.push(...renderRequirements(rows), "");
  const quarantined = decision.satisfied_requirements.filter((r) => r.type === "test-result-failed-quarantined");
  if (quarantined.length > 0) {
    lines.push(`Quarantined (\`gates.${cell(context)}.quarantine\`): ${names(quarantined)} failed and ${quarantined.length === 1 ? "needs" : "need"} inspection; quarantined failures do not block.`, "");
  }
  if (decision.flaky.length > 0) lines.push(`Flaky: ${decision.flaky.map(inlineCode).join(", ")} flipped between PASSED and FAILED on this commit.`, "");
  if (waivers.length > 0) lines.push("### Waivers", "", ...renderWaivers(waivers, at), "");
  if (!decision.satisfied && !waiting) lines.push("A failed test can be waived on its pull request with `/waive <testcase> <reason>` (write permission).");
  return {
    name: `signalbox/gate:${context}`,
    status: waiting ? "in_progress" : "completed",
    conclusion: waiting ? null : decision.satisfied ? "success" : "failure",
    title: decision.summary,
    summary: lines.join("\n").trimEnd(),
  };
}

const ICON: Record<string, string> = {
  "test-result-passed": "✅",
  "test-result-failed-waived": "🟡",
  "test-result-errored-waived": "🟡",
  "test-result-missing-waived": "🟡",
  "test-result-failed-quarantined": "🔍",
  "test-result-missing": "⚪",
  "test-result-running": "⏳",
  "test-result-failed": "❌",
  "test-result-errored": "⚠️",
};

function renderRequirements(rows: Requirement[]): string[] {
  const lines = ["| Testcase | Outcome | Link | Waiver |", "| --- | --- | --- | --- |"];
  for (const r of rows.slice(0, MAX_ROWS)) {
    const outcome = `${ICON[r.type] ?? ""} ${r.outcome ?? "missing"}${r.flaky ? " (flaky)" : ""}`;
    const waiver = r.waiver ? `by @${cell(r.waiver.by)}: ${cell(r.waiver.reason)} (until ${day(r.waiver.expires_at)})` : "";
    lines.push(`| ${cell(r.testcase)} | ${outcome} | ${link(r.ref_url)} | ${waiver} |`);
  }
  if (rows.length > MAX_ROWS) lines.push(`| … and ${rows.length - MAX_ROWS} more | | | |`);
  return lines;
}

function renderWaivers(waivers: Waiver[], at: Date): string[] {
  const lines = ["| Testcase | Gate | By | Why | Until | State |", "| --- | --- | --- | --- | --- | --- |"];
  for (const w of waivers.slice(0, MAX_ROWS)) {
    const state = w.revokedAt !== null && w.revokedAt <= at ? `revoked${w.revokedBy ? ` by @${cell(w.revokedBy)}` : ""}` : isActive(w, at) ? "active" : w.createdAt > at ? "later" : "expired";
    lines.push(`| ${cell(w.testcase)} | ${w.context === null ? "all" : cell(w.context)} | @${cell(w.by)} | ${cell(w.reason)} | ${day(w.expiresAt.toISOString())} | ${state} |`);
  }
  return lines;
}

/** Only http(s) links: a javascript: or data: URL from a reporter never becomes clickable. */
function link(url: string | null): string {
  if (url === null || !/^https?:\/\//i.test(url)) return "";
  const safe = url.replace(/[()\s|<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `[log](${safe})`;
}

/** User text in a table cell: no row breaks, no HTML, no Markdown links or emphasis. */
function cell(text: string): string {
  const markdown = text.replace(/([\\[\]*_`])/g, "\\$1").replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!);
  return escapeCell(markdown);
}

function inlineCode(text: string): string {
  return `\`${text.replace(/[`\r\n|]/g, " ")}\``;
}

function names(rows: Requirement[]): string {
  return rows.map((r) => inlineCode(r.testcase)).join(", ");
}

const day = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
