/**
 * Decides what pipeline runs do for one event. Pure: the runs, the config, the sender's
 * permission and the clock are facts; the answer is the changed runs and the effects.
 */
import type { Pipeline } from "../pipeline/types.js";
export type { DecideContext, Permission, PullRequestFacts, RunDecision, RunFacts } from "./run-context.js";
import { finishJob, type ResourceGroups } from "./advance-run.js";
import { decideCheckAction, decideCommand } from "./decide-commands.js";
import { decidePullRequest } from "./decide-pull-request.js";
import { decideJobTimeout } from "../reconcile/decide-job-timeout.js";
import { activeRuns, advanceAll, type DecideContext, type RunDecision, type RunFacts } from "./run-context.js";
import { decideRefPush, decideSchedule, decideStartPipeline } from "./decide-triggers.js";
import type { CommitResultEvent, RunEvent, WorkflowRunEvent } from "./events.js";
import type { PipelineRun } from "./types.js";

export function decideRuns(event: RunEvent, facts: RunFacts, now: Date, newRunId: (pipeline: string) => string): RunDecision {
  const ctx: DecideContext = { facts, now, newRunId, groups: resourceGroupsOf(facts.runs, facts.pipelines) };
  switch (event.kind) {
    case "pullRequest":
      return decidePullRequest(event, ctx);
    case "workflowRun":
      return decideWorkflowRun(event, ctx);
    case "commitResult":
      return decideCommitResult(event, ctx);
    case "checkAction":
      return decideCheckAction(event, ctx);
    case "command":
      return decideCommand(event, ctx);
    case "refPush":
      return decideRefPush(event, ctx);
    case "schedule":
      return decideSchedule(event, ctx);
    case "startPipeline":
      return decideStartPipeline(event, ctx);
    case "tick":
      return advanceAll([], ctx, "timer: active runs re-checked");
    case "jobTimeout":
      return decideJobTimeout(event, ctx);
  }
}

function decideWorkflowRun(event: WorkflowRunEvent, ctx: DecideContext): RunDecision {
  const active = activeRuns(ctx.facts.runs);
  const byId = active.find((run) => Object.values(run.jobs).some((job) => job.workflowRunId === event.workflowRunId));
  // GitHub did not return a run id: match the job by workflow file and commit instead, but only
  // a run of the workflow as the branch signalbox dispatched on holds it: a fork's pull request
  // runs its own copy of a workflow of the same name, on its own branch.
  const onDispatchRef = (r: PipelineRun) => !event.fromOtherRepository && (event.headBranch === undefined || event.headBranch === r.dispatchRef);
  const run = byId ?? active.find((r) => r.sha === event.headSha && onDispatchRef(r) && jobForWorkflow(r, event, ctx) !== undefined);
  const name = run && (byId ? jobWithRunId(run, event.workflowRunId) : jobForWorkflow(run, event, ctx));
  if (!run || !name) return { runs: [], effects: [], reason: `workflow run ${event.workflowRunId} belongs to no active pipeline` };
  const changed = structuredClone(run);
  const job = changed.jobs[name]!;
  job.workflowRunId = event.workflowRunId;
  job.url = event.url;
  if (event.action === "completed") finishJob(job, workflowState(event.conclusion), ctx.now, event.url);
  return advanceAll([changed], ctx, `job ${name} of ${run.pipeline}: workflow run ${event.action}`);
}

function jobWithRunId(run: PipelineRun, id: number): string | undefined {
  return Object.entries(run.jobs).find(([, job]) => job.workflowRunId === id)?.[0];
}

function jobForWorkflow(run: PipelineRun, event: WorkflowRunEvent, ctx: DecideContext): string | undefined {
  const pipeline = ctx.facts.pipelines[run.pipeline];
  return Object.entries(run.jobs).find(
    ([name, job]) => job.status === "running" && !job.workflowRunId && pipeline?.jobs[name]?.workflow === event.workflow,
  )?.[0];
}

function workflowState(conclusion: string | null): "success" | "failed" | "canceled" {
  if (conclusion === "success" || conclusion === "neutral" || conclusion === "skipped") return "success";
  return conclusion === "cancelled" ? "canceled" : "failed";
}

function decideCommitResult(event: CommitResultEvent, ctx: DecideContext): RunDecision {
  if (event.state === "pending") return { runs: [], effects: [], reason: `${event.name} is still pending` };
  const state = event.state;
  const changed = activeRuns(ctx.facts.runs)
    .filter((run) => run.sha === event.sha)
    .map((input) => {
      const run = structuredClone(input);
      const pipeline = ctx.facts.pipelines[run.pipeline];
      const waiting = Object.keys(run.jobs).filter((name) => waitsFor(pipeline?.jobs[name], event));
      // Kept for jobs not started yet only when it would count for each job that waits for it.
      if (waiting.every((name) => counts(pipeline?.jobs[name], run, event))) run.observed[event.name] = { state, ...(event.url ? { url: event.url } : {}) };
      for (const name of waiting) {
        const job = run.jobs[name]!;
        if (job.status === "running" && counts(pipeline?.jobs[name], run, event)) finishJob(job, state, ctx.now, event.url);
      }
      return run;
    });
  return advanceAll(changed, ctx, `${event.source} ${event.name} is ${state} on ${event.sha.slice(0, 7)}`);
}

function waitsFor(spec: Pipeline["jobs"][string] | undefined, event: CommitResultEvent): boolean {
  return (event.source === "status" ? spec?.status : spec?.check) === event.name;
}

/**
 * Whether a commit status or check run counts for a job. Any CI may report a status. A check run
 * counts when it comes from the job's `app`; with none named, from any app, except on a fork's
 * commit: there the fork's own workflows make check runs, and must not turn a job green.
 */
function counts(spec: Pipeline["jobs"][string] | undefined, run: PipelineRun, event: CommitResultEvent): boolean {
  if (event.source === "status") return true;
  if (spec?.app !== undefined) return event.app === spec.app;
  return !run.boundToSha;
}

function resourceGroupsOf(runs: PipelineRun[], pipelines: Record<string, Pipeline>): ResourceGroups {
  const groups: ResourceGroups = new Map();
  for (const run of activeRuns(runs)) {
    for (const [name, job] of Object.entries(run.jobs)) {
      const group = pipelines[run.pipeline]?.jobs[name]?.resource_group;
      if (group && job.status === "running") groups.set(group, `${run.id}/${name}`);
    }
  }
  return groups;
}
