/**
 * Running jobs whose result GitHub has but signalbox never heard of (the `workflow_run`,
 * `status` or `check_run` delivery was lost), and jobs that waited longer than their timeout
 * with no sign of life on GitHub.
 */
import type { Event } from "../events.js";
import { parseCheckRunOutcome, parseStatusOutcome, type NewResult } from "../gates/index.js";
import type { Pipeline } from "../pipeline/types.js";
import { parseResultState } from "../runs/events.js";
import { FINISHED_RUN, type JobRun, type PipelineRun } from "../runs/types.js";
import type { RepoRef } from "../types.js";
import type { CommitResultFact, ReconcileEntry, ReconcileFacts } from "./types.js";

type JobSpec = Pipeline["jobs"][string];

/** What GitHub shows for a running job: its result, that it is still at work, or nothing. */
type Evidence = { kind: "result"; entry: ReconcileEntry } | { kind: "working" } | { kind: "silent" };

export function planRuns(facts: ReconcileFacts, prefix: string): ReconcileEntry[] {
  const entries = new Map<string, ReconcileEntry>();
  for (const run of facts.runs) {
    const pipeline = facts.pipelines[run.pipeline];
    if (FINISHED_RUN.has(run.status) || !pipeline) continue;
    for (const [name, job] of Object.entries(run.jobs)) {
      if (job.status !== "running" || !pipeline.jobs[name]) continue;
      const evidence = evidenceOf(run, job, pipeline.jobs[name], facts, prefix);
      const entry = evidence.kind === "result" ? evidence.entry : evidence.kind === "silent" ? timeoutEntry(run, name, job, pipeline.jobs[name], facts, prefix) : null;
      if (entry) entries.set(entry.id, entry);
    }
  }
  return [...entries.values()];
}

const settled = (at: string, facts: ReconcileFacts) => facts.now.getTime() - Date.parse(at) >= facts.settleMs;

function evidenceOf(run: PipelineRun, job: JobRun, spec: JobSpec, facts: ReconcileFacts, prefix: string): Evidence {
  if (spec.workflow) {
    const found = facts.workflowRuns.find((w) => w.id === job.workflowRunId);
    if (!found) return { kind: "silent" };
    if (found.status !== "completed" || !settled(found.updatedAt, facts)) return { kind: "working" };
    const workflowRun: Event = { kind: "workflowRun", repo: facts.repo, action: "completed", workflowRunId: found.id, workflow: found.workflow, headSha: found.headSha, conclusion: found.conclusion ?? null, url: found.url, fromOtherRepository: false };
    const entry = { id: `${prefix}:workflow-run:${found.id}`, events: [workflowRun], why: `${run.pipeline}: workflow run ${found.id} finished unheard` };
    return { kind: "result", entry };
  }
  const source = spec.status ? "status" : "check";
  const fromApp = (r: CommitResultFact) => spec.app === undefined || r.app === spec.app;
  const found = newestResult(facts.results.filter((r) => r.source === source && r.sha === run.sha && r.name === (spec.status ?? spec.check) && fromApp(r)));
  if (!found) return { kind: "silent" };
  if (!isFinal(found) || !settled(found.at, facts)) return { kind: "working" };
  return { kind: "result", entry: resultEntry(run.pipeline, found, facts.repo, prefix) };
}

/** What the lost `status` or `check_run` delivery meant: a result for gating, and the job's result. */
function resultEntry(pipeline: string, found: CommitResultFact, repo: RepoRef, prefix: string): ReconcileEntry {
  const id = `${prefix}:${found.source}:${found.sha}:${found.name}:${found.id}`;
  const why = `${pipeline}: ${found.source} ${found.name} on ${found.sha.slice(0, 7)} unheard`;
  const outcome = found.source === "status" ? parseStatusOutcome(String(found.state)) : parseCheckRunOutcome("completed", found.state);
  const testcase = found.source === "status" || !found.name.startsWith("signalbox/") ? found.name : null;
  const result: NewResult | null = testcase && outcome ? { testcase, item: found.sha, outcome, source: found.source === "status" ? "status" : "check_run", refUrl: found.url, note: null } : null;
  const commitResult: Event = { kind: "commitResult", repo, source: found.source, sha: found.sha, name: found.name, state: parseResultState(found.state), ...(found.url !== null ? { url: found.url } : {}), ...(found.source === "check" && found.app ? { app: found.app } : {}) };
  // signalbox's own check runs are neither results nor a job's (its pipelines' have their own handlers).
  const ours = found.source === "check" && found.name.startsWith("signalbox/");
  const events: Event[] = [...(result ? [{ kind: "resultReported" as const, result }] : []), ...(ours ? [] : [commitResult])];
  return { id, events, why };
}

function newestResult(results: CommitResultFact[]): CommitResultFact | undefined {
  return [...results].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id)[0];
}

function isFinal(result: CommitResultFact): boolean {
  return result.state !== null && result.state !== "pending";
}

/**
 * A job with its own `timeout` is timed out by the run's timer; one without, and with no sign of
 * life on GitHub, waits at most the default, so a result that will never come does not keep the
 * check run pending for ever.
 */
function timeoutEntry(run: PipelineRun, name: string, job: JobRun, spec: JobSpec, facts: ReconcileFacts, prefix: string): ReconcileEntry | null {
  if (spec.timeout || !job.startedAt) return null;
  const limitMs = facts.defaultJobTimeoutMs;
  if (facts.now.getTime() - Date.parse(job.startedAt) < limitMs) return null;
  const timeout: Event = { kind: "jobTimeout", repo: facts.repo, runId: run.id, job: name, startedAt: job.startedAt, limit: formatMinutes(limitMs) };
  return {
    id: `${prefix}:timeout:${run.id}:${name}:${job.startedAt}`,
    events: [timeout],
    why: `${run.pipeline}: job ${name} has had no result since ${job.startedAt}`,
  };
}

function formatMinutes(ms: number): string {
  return `${Math.round(ms / 60_000)}m`;
}
