/**
 * Drives planPipeline the way the app will: apply each step, finish one running job at a time
 * (a seeded random pick, so different interleavings are exercised), until nothing changes.
 * Checks on the way that no job starts before what it waits for and that a repeated call
 * returns nothing new.
 */
import { buildPipelineGraph } from "../../../src/core/pipeline/build-pipeline-graph.js";
import { planPipeline } from "../../../src/core/pipeline/plan-pipeline.js";
import type { JobStatus, Pipeline, PipelineResult } from "../../../src/core/pipeline/types.js";

export interface Simulation {
  statuses: Record<string, JobStatus>;
  reasons: Record<string, string>;
  startOrder: string[];
  problems: string[];
  result: PipelineResult;
}

const FINISHED = new Set<JobStatus>(["success", "failed", "canceled", "skipped", "timed_out"]);

export function simulatePipeline(pipeline: Pipeline, failing: ReadonlySet<string>, played: string[] = [], seed = 1): Simulation {
  const sim: Simulation = { statuses: {}, reasons: {}, startOrder: [], problems: [], result: "running" };
  const random = seededRandom(seed);
  for (let guard = 0; guard < 10_000; guard++) {
    const step = planPipeline({ pipeline, jobs: sim.statuses, played });
    for (const { job, reason } of step.skip) {
      sim.statuses[job] = "skipped";
      sim.reasons[job] = reason;
    }
    for (const job of step.manual) sim.statuses[job] = "manual";
    for (const job of step.start) {
      sim.problems.push(...startedTooEarly(pipeline, job, sim.statuses, played));
      sim.statuses[job] = "running";
      sim.startOrder.push(job);
    }
    const again = planPipeline({ pipeline, jobs: sim.statuses, played });
    if (again.start.length + again.skip.length + again.manual.length > 0) sim.problems.push(`not idempotent after ${JSON.stringify(step)}`);
    sim.result = again.result;
    const running = Object.keys(sim.statuses).filter((job) => sim.statuses[job] === "running");
    if (running.length === 0) return sim;
    const done = running[Math.floor(random() * running.length)]!;
    sim.statuses[done] = failing.has(done) ? "failed" : "success";
  }
  throw new Error("simulation did not settle");
}

/** What the job waits for (GitLab): its needs, or every job of earlier stages except unplayed manual ones. */
function startedTooEarly(pipeline: Pipeline, job: string, statuses: Record<string, JobStatus>, played: string[]): string[] {
  const graph = buildPipelineGraph(pipeline);
  const i = graph.names.indexOf(job);
  const needs = pipeline.jobs[job]!.needs;
  const waitsFor = needs ?? graph.names.filter((_, k) => graph.stageIndex[k]! < graph.stageIndex[i]!);
  return waitsFor
    .filter((other) => !FINISHED.has(statuses[other] ?? "created"))
    .filter((other) => needs || !(statuses[other] === "manual" && !played.includes(other)))
    .map((other) => `${job} started before ${other} finished`);
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}
