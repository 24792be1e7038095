/**
 * Moves a pipeline run forward: times out overdue jobs, asks the scheduler what may start,
 * starts it (dispatching workflows), and renders the run's check run. Pure: `now` is a fact.
 */
import { parseDuration } from "../../config/duration.js";
import type { Pipeline } from "../pipeline/types.js";
import { planPipeline } from "../pipeline/plan-pipeline.js";
import { renderPipelineCheck } from "../render/pipeline-check.js";
import type { PipelineEffect } from "../types.js";
import { FINISHED_JOB, type JobRun, type PipelineRun } from "./types.js";

/** Which run's job holds each resource group; shared by every run of the repository. */
export type ResourceGroups = Map<string, string>;

export interface Advanced {
  run: PipelineRun;
  effects: PipelineEffect[];
}

export function advanceRun(input: PipelineRun, pipeline: Pipeline, now: Date, groups: ResourceGroups = new Map()): Advanced {
  // 1. time out overdue jobs; 2. start what the scheduler allows; 3. report on the check run.
  const run = structuredClone(input);
  const effects: PipelineEffect[] = [];
  timeOutOverdueJobs(run, pipeline, now);
  for (let changed = true; changed; ) changed = applyStep(run, pipeline, now, groups, effects);
  run.status = planPipeline({ pipeline, jobs: statusesOf(run), played: run.played }).result;
  releaseGroups(run, groups);
  run.nextDeadline = nextDeadlineOf(run, pipeline);
  run.updatedAt = now.toISOString();
  effects.push(renderPipelineCheck(run, pipeline));
  return { run, effects };
}

function applyStep(run: PipelineRun, pipeline: Pipeline, now: Date, groups: ResourceGroups, effects: PipelineEffect[]): boolean {
  const step = planPipeline({ pipeline, jobs: statusesOf(run), played: run.played });
  let changed = false;
  for (const { job, reason } of step.skip) {
    run.jobs[job] = { status: "skipped", reason };
    changed = true;
  }
  for (const job of step.manual) {
    run.jobs[job] = { status: "manual", reason: "waiting for someone to start it" };
    changed = true;
  }
  for (const job of step.start) changed = startJob(run, job, pipeline, now, groups, effects) || changed;
  return changed;
}

/** Starts one job; false when its resource group is busy (it stays queued, in order). */
function startJob(run: PipelineRun, name: string, pipeline: Pipeline, now: Date, groups: ResourceGroups, effects: PipelineEffect[]): boolean {
  const job = pipeline.jobs[name]!;
  const group = job.resource_group;
  const holder = group ? groups.get(group) : undefined;
  const me = `${run.id}/${name}`;
  if (group && holder && holder !== me) {
    run.jobs[name] = { status: "created", reason: `waiting for resource group ${group}` };
    return false;
  }
  if (group) groups.set(group, me);
  const started: JobRun = { status: "running", startedAt: now.toISOString() };
  run.jobs[name] = started;
  if (job.workflow) {
    effects.push({
      kind: "dispatchWorkflow",
      repo: run.repo,
      workflow: job.workflow,
      ref: run.dispatchRef,
      inputs: { ...stringInputs(job.inputs), sha: run.sha, signalbox_run: run.id },
      runId: run.id,
      job: name,
    });
    return true;
  }
  // status:/check: jobs wait for a result from any CI; one may have arrived already.
  const seen = run.observed[job.status ?? job.check ?? ""];
  if (seen) finishJob(started, seen.state, now, seen.url);
  return true;
}

export function finishJob(job: JobRun, state: "success" | "failed" | "canceled" | "timed_out", now: Date, url?: string): void {
  job.status = state;
  job.finishedAt = now.toISOString();
  if (url) job.url = url;
}

/** When a running job with a `timeout` must have finished (epoch ms), or null. */
function deadlineOf(name: string, job: JobRun, pipeline: Pipeline): number | null {
  const limit = pipeline.jobs[name]?.timeout;
  const timeoutMs = limit ? parseDuration(limit) : null;
  return job.status === "running" && job.startedAt && timeoutMs ? Date.parse(job.startedAt) + timeoutMs : null;
}

function timeOutOverdueJobs(run: PipelineRun, pipeline: Pipeline, now: Date): void {
  for (const [name, job] of Object.entries(run.jobs)) {
    const deadline = deadlineOf(name, job, pipeline);
    if (deadline !== null && now.getTime() >= deadline) {
      finishJob(job, "timed_out", now);
      job.reason = `no result within ${pipeline.jobs[name]!.timeout}`;
    }
  }
}

function nextDeadlineOf(run: PipelineRun, pipeline: Pipeline): string | undefined {
  const deadlines = Object.entries(run.jobs).flatMap(([name, job]) => deadlineOf(name, job, pipeline) ?? []);
  return deadlines.length ? new Date(Math.min(...deadlines)).toISOString() : undefined;
}

/** A finished job gives its resource group back, so the next queued job may take it. */
function releaseGroups(run: PipelineRun, groups: ResourceGroups): void {
  for (const [group, holder] of groups) {
    const [runId, job] = [holder.slice(0, holder.lastIndexOf("/")), holder.slice(holder.lastIndexOf("/") + 1)];
    if (runId === run.id && FINISHED_JOB.has(run.jobs[job]?.status ?? "created")) groups.delete(group);
  }
}

export function statusesOf(run: PipelineRun): Record<string, JobRun["status"]> {
  return Object.fromEntries(Object.entries(run.jobs).map(([name, job]) => [name, job.status]));
}

function stringInputs(inputs: Record<string, string | number | boolean> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs ?? {}).map(([key, value]) => [key, String(value)]));
}
