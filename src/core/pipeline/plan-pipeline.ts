/**
 * The pure pipeline scheduler: GitLab CI's stage, `needs` and `when` rules over job statuses.
 * No clock, no I/O. Callers apply `start`/`skip`/`manual` and call again whenever a job changes;
 * a call with nothing new returns empty lists.
 */
import { buildPipelineGraph, type PipelineGraph } from "./build-pipeline-graph.js";
import { decideJob, type JobDecision } from "./decide-job.js";
import {
  addOutcome,
  emptySummary,
  mergeSummaries,
  needsPriorStatus,
  outcomeOf,
  stagePriorStatus,
  type Outcome,
  type StageSummary,
} from "./prior-status.js";
import type { JobStatus, PipelineResult, ScheduleStep, SchedulerInput } from "./types.js";

export function planPipeline(input: SchedulerInput): ScheduleStep {
  // 1. Index the definition once (linear in jobs + needs).
  // 2. Walk jobs stage by stage in dependency order, deciding each job that has not started,
  //    and use each decision at once, so a chain of skips resolves within one call.
  // 3. Derive the overall result from the statuses as they will be after this step.
  const graph = buildPipelineGraph(input.pipeline);
  const played = new Set(input.played ?? []);
  const status: JobStatus[] = graph.names.map((name) => input.jobs[name] ?? "created");
  const outcomes: Outcome[] = new Array<Outcome>(graph.names.length);
  const step: ScheduleStep = { start: [], skip: [], manual: [], result: "running" };
  let prior = emptySummary();
  let running = false;
  for (let s = 0; s < graph.stageNames.length; s++) {
    const here = emptySummary();
    for (let i = graph.stageStart[s]!; i < graph.stageStart[s + 1]!; i++) {
      const name = graph.names[i]!;
      if (isUndecided(status[i]!, played.has(name))) {
        const decision = decideAt(graph, i, prior, outcomes, played.has(name));
        status[i] = applyDecision(step, name, decision, status[i]!);
      }
      running ||= status[i] === "running";
      outcomes[i] = outcomeOf(status[i]!, graph.jobs[i]!.allow_failure, played.has(name));
      addOutcome(here, outcomes[i]!, name);
    }
    prior = mergeSummaries(prior, here);
  }
  step.result = resultOf(prior, running);
  return step;
}

/** Jobs not yet started; a waiting manual job is undecided again once someone plays it. */
function isUndecided(status: JobStatus, played: boolean): boolean {
  return status === "created" || (status === "manual" && played);
}

function decideAt(graph: PipelineGraph, i: number, prior: StageSummary, outcomes: Outcome[], played: boolean): JobDecision {
  const needs = graph.needs[i];
  const status = needs ? needsPriorStatus(needs, outcomes, graph.names) : stagePriorStatus(prior);
  return decideJob(graph.jobs[i]!, status, played);
}

function applyDecision(step: ScheduleStep, name: string, decision: JobDecision, current: JobStatus): JobStatus {
  switch (decision.kind) {
    case "wait":
      return current;
    case "start":
      step.start.push(name);
      return "running";
    case "skip":
      step.skip.push({ job: name, reason: decision.reason });
      return "skipped";
    case "manual":
      if (current === "manual") return current;
      step.manual.push(name);
      return "manual";
  }
}

/**
 * A failure is final even while manual jobs could still be played; GitLab would call a
 * pipeline with only optional manual jobs left "passed", signalbox says "manual" so the check
 * run can offer the button (the caller decides whether that blocks a merge).
 */
function resultOf(all: StageSummary, running: boolean): PipelineResult {
  if (running) return "running";
  if (all.failedCount > 0) return "failed";
  if (all.canceledCount > 0) return "canceled";
  // With nothing running, a job still created can only be waiting (through needs) on a manual job.
  if (all.unplayed > 0 || all.pending > 0) return "manual";
  return "success";
}
