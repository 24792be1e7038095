/** Webhooks gating hears → gate events: results, `/waive` comments and the Waive button. */
import type { GateEvent } from "../../core/gates/events.js";
import { parseCheckRunOutcome, parseStatusOutcome, parseWorkflowRunOutcome, WAIVE_ACTION, type NewResult } from "../../core/gates/index.js";

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook JSON, read defensively

const WAIVE_COMMENT = /^\/(un)?waive\b/m;

/**
 * `own`: signalbox caused the webhook. The board stored its build as a result when it was
 * reported, so GitHub's echo of the commit status signalbox mirrored from it is not a second result.
 */
export function translateGates(name: string, p: Payload, cause: { own: boolean }): GateEvent[] {
  const result = cause.own && name === "status" ? null : translateResult(name, p);
  const events: GateEvent[] = result ? [{ kind: "resultReported", result }] : [];
  if (name === "check_run" && p.requested_action?.identifier === WAIVE_ACTION) {
    events.push({ kind: "waiveButton", action: String(p.action), checkName: String(p.check_run?.name), headSha: String(p.check_run?.head_sha ?? ""), sender: String(p.sender?.login ?? "") });
  }
  const body = String(p.comment?.body ?? "");
  if (name === "issue_comment" && WAIVE_COMMENT.test(body)) {
    events.push({ kind: "waiveComment", action: String(p.action), commentId: Number(p.comment?.id), commentedAt: String(p.comment?.created_at ?? ""), body, issueNumber: Number(p.issue?.number), onPullRequest: Boolean(p.issue?.pull_request), sender: String(p.sender?.login ?? "") });
  }
  return events;
}

/** A result in a webhook (commit status, another app's check run, a workflow run or job), or null. */
export function translateResult(name: string, p: Payload): NewResult | null {
  const result = (testcase: unknown, item: unknown, outcome: NewResult["outcome"] | null, source: string, refUrl: unknown): NewResult | null =>
    typeof testcase === "string" && typeof item === "string" && outcome
      ? { testcase, item, outcome, source, refUrl: typeof refUrl === "string" ? refUrl : null, note: null }
      : null;
  if (name === "status") return result(p.context, p.sha, parseStatusOutcome(String(p.state)), "status", p.target_url);
  const run = name === "check_run" ? p.check_run : name === "workflow_run" ? p.workflow_run : name === "workflow_job" ? p.workflow_job : null;
  if (!run || p.action !== "completed" || String(run.name ?? "").startsWith("signalbox/")) return null;
  // A check run and a workflow job share GitHub's status/conclusion vocabulary.
  const outcome = name === "workflow_run" ? parseWorkflowRunOutcome(run.status, run.conclusion) : parseCheckRunOutcome(run.status, run.conclusion);
  return result(run.name, run.head_sha, outcome, name, run.html_url);
}
