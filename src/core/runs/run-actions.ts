/** The things that can happen to a run: start, re-run failed jobs, cancel, play a manual job. */
import { effectiveStages } from "../../config/check-config.js";
import type { Pipeline } from "../pipeline/types.js";
import type { PipelineEffect } from "../types.js";
import { advanceRun, finishJob, type ResourceGroups } from "./advance-run.js";
import { FINISHED_JOB, type PipelineRun } from "./types.js";

/** Everything a new run needs that the caller decides. */
export type StartSpec = Pick<PipelineRun, "id" | "repo" | "pipeline" | "sha" | "trigger" | "dispatchRef" | "boundToSha">;

export interface RunChange {
  run: PipelineRun;
  effects: PipelineEffect[];
}

export function startRun(spec: StartSpec, pipeline: Pipeline, now: Date, groups: ResourceGroups): RunChange {
  const run: PipelineRun = {
    ...spec,
    status: "running",
    jobs: {},
    played: [],
    observed: {},
    attempt: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  return advanceRun(run, pipeline, now, groups);
}

/**
 * Failed, timed-out, cancelled and skipped jobs go back to waiting, and so does every job that
 * waits on them (a clean-up that already ran must run again after the re-run tests).
 */
export function rerunFailed(input: PipelineRun, pipeline: Pipeline, now: Date, groups: ResourceGroups): RunChange {
  const run = structuredClone(input);
  const again = new Set(Object.keys(run.jobs).filter((name) => !["success", "manual"].includes(run.jobs[name]!.status)));
  for (const name of downstreamOf(again, pipeline)) delete run.jobs[name];
  // A fresh result must arrive for status:/check: jobs that are re-run.
  run.observed = Object.fromEntries(Object.entries(run.observed).filter(([, seen]) => seen.state === "success"));
  run.attempt += 1;
  return advanceRun(run, pipeline, now, groups);
}

/** The jobs in `roots` and every job that waits on one of them, through needs or stage order. */
function downstreamOf(roots: Set<string>, pipeline: Pipeline): Set<string> {
  const stages = effectiveStages(pipeline.stages);
  const found = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, job] of Object.entries(pipeline.jobs)) {
      if (found.has(name)) continue;
      const waits = job.needs
        ? job.needs.some((need) => found.has(need))
        : [...found].some((other) => stages.indexOf(pipeline.jobs[other]?.stage ?? "") < stages.indexOf(job.stage));
      if (waits) {
        found.add(name);
        grew = true;
      }
    }
  }
  return found;
}

export function cancelRun(input: PipelineRun, pipeline: Pipeline, now: Date, reason: string): RunChange {
  const run = structuredClone(input);
  const effects: PipelineEffect[] = [];
  for (const [name, job] of Object.entries(run.jobs)) {
    if (FINISHED_JOB.has(job.status)) continue;
    if (job.status === "running" && job.workflowRunId) {
      effects.push({ kind: "cancelWorkflowRun", repo: run.repo, workflowRunId: job.workflowRunId });
    }
    finishJob(job, "canceled", now);
    job.reason = reason;
    run.jobs[name] = job;
  }
  for (const name of Object.keys(pipeline.jobs)) run.jobs[name] ??= { status: "canceled", reason };
  const advanced = advanceRun(run, pipeline, now);
  return { run: advanced.run, effects: [...effects, ...advanced.effects] };
}

export function playManualJob(input: PipelineRun, job: string, pipeline: Pipeline, now: Date, groups: ResourceGroups): RunChange {
  const run = structuredClone(input);
  if (!run.played.includes(job)) run.played.push(job);
  if (run.jobs[job]?.status === "manual") delete run.jobs[job];
  return advanceRun(run, pipeline, now, groups);
}
