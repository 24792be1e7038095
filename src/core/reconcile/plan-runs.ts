/**
 * Running jobs whose result GitHub has but signalbox never heard of (the `workflow_run`,
 * `status` or `check_run` delivery was lost), and jobs that waited longer than their timeout
 * with no sign of life on GitHub.
 */
import type { Pipeline } from "../pipeline/types.js";
import { FINISHED_RUN, type JobRun, type PipelineRun } from "../runs/types.js";
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
    const workflowRun = { id: found.id, path: `.github/workflows/${found.workflow}`, head_sha: found.headSha, conclusion: found.conclusion, status: "completed", html_url: found.url };
    const entry = { id: `${prefix}:workflow-run:${found.id}`, name: "workflow_run", payload: { action: "completed", workflow_run: workflowRun }, why: `${run.pipeline}: workflow run ${found.id} finished unheard` };
    return { kind: "result", entry };
  }
  const source = spec.status ? "status" : "check";
  const fromApp = (r: CommitResultFact) => spec.app === undefined || r.app === spec.app;
  const found = newestResult(facts.results.filter((r) => r.source === source && r.sha === run.sha && r.name === (spec.status ?? spec.check) && fromApp(r)));
  if (!found) return { kind: "silent" };
  if (!isFinal(found) || !settled(found.at, facts)) return { kind: "working" };
  return { kind: "result", entry: resultEntry(run.pipeline, found, prefix) };
}

function resultEntry(pipeline: string, found: CommitResultFact, prefix: string): ReconcileEntry {
  const id = `${prefix}:${found.source}:${found.sha}:${found.name}:${found.id}`;
  const why = `${pipeline}: ${found.source} ${found.name} on ${found.sha.slice(0, 7)} unheard`;
  if (found.source === "status") return { id, name: "status", payload: { sha: found.sha, context: found.name, state: found.state, target_url: found.url }, why };
  const checkRun = { name: found.name, head_sha: found.sha, status: "completed", conclusion: found.state, html_url: found.url, ...(found.app ? { app: { slug: found.app } } : {}) };
  return { id, name: "check_run", payload: { action: "completed", check_run: checkRun }, why };
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
  return {
    id: `${prefix}:timeout:${run.id}:${name}:${job.startedAt}`,
    name: "signalbox.timeout",
    payload: { runId: run.id, job: name, startedAt: job.startedAt, limit: formatMinutes(limitMs) },
    why: `${run.pipeline}: job ${name} has had no result since ${job.startedAt}`,
  };
}

function formatMinutes(ms: number): string {
  return `${Math.round(ms / 60_000)}m`;
}
