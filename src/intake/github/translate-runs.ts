/** Webhooks that drive pipeline runs → domain events (see src/core/runs/events.ts). */
import { parseResultState as resultState, type CommandEvent, type RunEvent, type Sender } from "../../core/runs/events.js";
import type { RepoRef } from "../../core/types.js";
import { refNameProblem } from "../../config/ref-names.js";

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook JSON, read defensively

const PR_ACTIONS = new Set(["opened", "reopened", "synchronize", "labeled", "unlabeled", "closed"]);
const COMMAND = /^\/(retest|test|cancel|run)(?:[ \t]+(\S+))?[ \t]*$/m;

/**
 * A malformed payload (GitHub never sends one; a forged or mangled one might) yields null: the
 * fields each event needs are checked before they are read.
 */
export function translateRunEvent(name: string, p: Payload, repo: RepoRef): RunEvent | null {
  if (!wellFormed(name, p)) return null;
  switch (name) {
    case "pull_request":
      return PR_ACTIONS.has(p.action) ? pullRequest(p, repo) : null;
    case "workflow_run":
      return workflowRun(p, repo);
    case "status":
      return { kind: "commitResult", repo, source: "status", sha: p.sha, name: p.context, state: resultState(p.state), url: p.target_url ?? undefined };
    case "check_run":
      return checkRun(p, repo);
    case "issue_comment":
      // An edited comment is not a new command: the command was read when it was written.
      return p.action === "created" && p.issue?.pull_request ? command(p, repo) : null;
    case "push":
      return refPush(p, repo);
    default:
      return null;
  }
}

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;
/** A branch or tag name git can hold: anything else is a forged or broken payload, never a ref to act on. */
const isRef = (v: unknown): v is string => typeof v === "string" && refNameProblem(v) === null;
const isId = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v > 0;

function wellFormed(name: string, p: Payload): boolean {
  switch (name) {
    case "pull_request": {
      const pr = p.pull_request;
      return isId(pr?.number) && isText(pr?.head?.sha) && isRef(pr?.head?.ref) && isRef(pr?.base?.ref) && (pr.labels === undefined || Array.isArray(pr.labels));
    }
    case "workflow_run":
      return isId(p.workflow_run?.id) && isText(p.workflow_run?.head_sha);
    case "status":
      return isText(p.sha) && isText(p.context) && isText(p.state);
    case "check_run":
      return isText(p.check_run?.name) && isText(p.check_run?.head_sha);
    case "issue_comment":
      return isId(p.issue?.number) && isId(p.comment?.id) && isText(p.comment?.created_at);
    default:
      return true;
  }
}

function senderOf(p: Payload): Sender {
  return { login: String(p.sender?.login ?? ""), isBot: p.sender?.type === "Bot" };
}

function pullRequest(p: Payload, repo: RepoRef): RunEvent {
  const pr = p.pull_request;
  return {
    kind: "pullRequest",
    repo,
    action: p.action,
    number: pr.number,
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    baseRef: pr.base.ref,
    fork: pr.head.repo?.full_name !== pr.base.repo?.full_name,
    ...(p.label?.name ? { label: p.label.name } : {}),
    labels: (pr.labels ?? []).map((l: Payload) => l.name),
    sender: senderOf(p),
  };
}

function workflowRun(p: Payload, repo: RepoRef): RunEvent | null {
  const run = p.workflow_run;
  if (!run || !["requested", "in_progress", "completed"].includes(p.action)) return null;
  return {
    kind: "workflowRun",
    repo,
    action: p.action,
    workflowRunId: run.id,
    workflow: String(run.path ?? "").split("/").pop() ?? "",
    headSha: run.head_sha,
    conclusion: run.conclusion ?? null,
    url: run.html_url,
    ...(typeof run.head_branch === "string" ? { headBranch: run.head_branch } : {}),
    fromOtherRepository: isText(run.head_repository?.full_name) && run.head_repository.full_name !== p.repository?.full_name,
  };
}

function refPush(p: Payload, repo: RepoRef): RunEvent | null {
  const ref = String(p.ref ?? "");
  const kind = ref.startsWith("refs/heads/") ? "branch" : ref.startsWith("refs/tags/") ? "tag" : null;
  if (!kind || p.deleted === true || /^0+$/.test(String(p.after ?? "0"))) return null;
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  return isRef(name) ? { kind: "refPush", repo, ref: kind, name, sha: String(p.after) } : null;
}

function checkRun(p: Payload, repo: RepoRef): RunEvent | null {
  const run = p.check_run;
  const ours = typeof run?.name === "string" && run.name.startsWith("signalbox/");
  // signalbox's own non-pipeline checks (config, train, promote, gate:*) have their own handlers.
  if (ours && /^signalbox\/(config|train|promote|gate)/.test(run.name)) return null;
  if (ours && (p.action === "rerequested" || p.action === "requested_action")) {
    const action = p.action === "rerequested" ? "rerun-failed" : String(p.requested_action?.identifier ?? "");
    return { kind: "checkAction", repo, pipeline: run.name.slice("signalbox/".length), sha: run.head_sha, action, sender: senderOf(p) };
  }
  if (ours || p.action !== "completed") return null;
  const app = typeof run.app?.slug === "string" ? { app: run.app.slug as string } : {};
  return { kind: "commitResult", repo, source: "check", sha: run.head_sha, name: run.name, state: resultState(run.conclusion), url: run.html_url ?? undefined, ...app };
}

function command(p: Payload, repo: RepoRef): CommandEvent | null {
  const match = COMMAND.exec(String(p.comment?.body ?? ""));
  if (!match) return null;
  return {
    kind: "command",
    repo,
    prNumber: p.issue.number,
    commentId: p.comment.id,
    commentedAt: p.comment.created_at,
    command: match[1] as CommandEvent["command"],
    ...(match[2] ? { argument: match[2] } : {}),
    sender: senderOf(p),
  };
}
