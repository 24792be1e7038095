/**
 * Open pull requests whose pipelines never started: the `labeled` (or head push) delivery was
 * lost. A label someone added becomes the `labeled` event again, naming who added it so their
 * permission is checked as usual; a new head of a PR whose pipelines ran on an older commit
 * becomes `synchronize`. A fork's label is replayed only onto the head it was added on: a head
 * pushed after the label (or at an unknown time) becomes `synchronize` instead, which asks a
 * maintainer to look at the new commit and label it again. Each entry carries the events the
 * lost delivery meant.
 */
import type { Event } from "../events.js";
import type { Pipeline } from "../pipeline/types.js";
import type { OpenPull, ReconcileEntry, ReconcileFacts } from "./types.js";

export function planPulls(facts: ReconcileFacts, prefix: string): ReconcileEntry[] {
  return facts.pulls.flatMap((pull) => planPull(pull, facts, prefix));
}

function planPull(pull: OpenPull, facts: ReconcileFacts, prefix: string): ReconcileEntry[] {
  const runs = facts.runs.filter((run) => run.trigger.prNumber === pull.number);
  const wanted = wantedPipelines(pull, facts.pipelines);
  const missing = wanted.filter(({ pipeline }) => !runs.some((run) => run.pipeline === pipeline && run.sha === pull.headSha) && !finishedOnGitHub(pipeline, pull, facts));
  if (missing.length === 0) return [];
  // Pipelines that ran on an older head: the push to the PR was missed; `synchronize` re-runs them all.
  // An `on: pull_request` pipeline that never ran on the PR is left alone: the PR may predate the config.
  const ranBefore = missing.some(({ pipeline }) => runs.some((run) => run.pipeline === pipeline));
  // A push to the PR moments ago may still have its webhook on the way.
  if (ranBefore && facts.now.getTime() - Date.parse(pull.updatedAt) < facts.settleMs) return [];
  const synchronize = (why: string) => pullEntry(pull, facts, "synchronize", null, null, `${prefix}:pr:${pull.number}:${pull.headSha}`, why);
  if (ranBefore) return [synchronize(`${missing.map((m) => m.pipeline).join(", ")} never ran on the head`)];
  return missing.flatMap(({ pipeline, label }) => {
    if (label === null) return [];
    const labeler = pull.labelers[label];
    // Who added the label decides whether it may start anything; unknown or too recent: leave it.
    if (!labeler?.login || facts.now.getTime() - Date.parse(labeler.at) < facts.settleMs) return [];
    if (pull.fork && !pushedBefore(pull, labeler.at)) return [synchronize(`${pull.headSha.slice(0, 7)} was pushed after the label ${label}; a maintainer must look at it`)];
    const sender = { login: labeler.login, bot: labeler.bot === true };
    return [pullEntry(pull, facts, "labeled", label, sender, `${prefix}:pr:${pull.number}:${pull.headSha}:${label}`, `label ${label} never started ${pipeline}`)];
  });
}

/** Whether the head was pushed no later than `at` (an unknown push time counts as later). */
function pushedBefore(pull: OpenPull, at: string): boolean {
  return typeof pull.headPushedAt === "string" && Date.parse(pull.headPushedAt) <= Date.parse(at);
}

/** GitHub shows the pipeline's check run finished on the head: it ran, though a lost store may have forgotten the run. */
function finishedOnGitHub(pipeline: string, pull: OpenPull, facts: ReconcileFacts): boolean {
  return facts.results.some((r) => r.source === "check" && r.sha === pull.headSha && r.name === `signalbox/${pipeline}` && r.state !== null);
}

/** The pipelines the PR's labels (or the PR itself) start, with the label that starts each. */
type Wanted = { pipeline: string; label: string | null };

function wantedPipelines(pull: OpenPull, pipelines: Record<string, Pipeline>): Wanted[] {
  return Object.entries(pipelines).flatMap(([pipeline, { on }]): Wanted[] => {
    if (on === "pull_request") return pull.fork ? [] : [{ pipeline, label: null }];
    const label = typeof on === "object" && "label" in on ? on.label : undefined;
    return label !== undefined && pull.labels.includes(label) ? [{ pipeline, label }] : [];
  });
}

/** What the lost `pull_request` delivery meant: the config check of its head, and its pipelines. */
function pullEntry(pull: OpenPull, facts: ReconcileFacts, action: "labeled" | "synchronize", label: string | null, sender: { login: string; bot: boolean } | null, id: string, why: string): ReconcileEntry {
  const events: Event[] = [
    { kind: "configPullRequest", action, headSha: pull.headSha },
    {
      kind: "pullRequest",
      repo: facts.repo,
      action,
      number: pull.number,
      headSha: pull.headSha,
      headRef: pull.headRef,
      baseRef: pull.baseRef,
      fork: pull.fork,
      ...(label ? { label } : {}),
      labels: pull.labels,
      sender: { login: sender?.login ?? "", isBot: sender?.bot ?? false },
    },
  ];
  return { id, events, why: `#${pull.number}: ${why}` };
}
