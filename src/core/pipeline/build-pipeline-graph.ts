/**
 * The pipeline definition turned into arrays indexed by job, once per planning call, so the
 * scheduler runs in time linear in jobs + needs edges. Stage ordering is never expanded into
 * edges (that would be quadratic): jobs without `needs` read a per-stage summary instead.
 */
import { effectiveStages } from "../../config/check-config.js";
import type { Job, JobRow, Pipeline } from "./types.js";

export interface PipelineGraph {
  /** Job names in evaluation order: by stage, then so that same-stage needs come first. */
  names: string[];
  jobs: Job[];
  stageIndex: number[];
  stageNames: string[];
  /** Indexes (into `names`) of each job's needs; undefined = waits for all earlier stages. */
  needs: Array<number[] | undefined>;
  /** Where each stage's jobs begin in `names`; stageStart[stageNames.length] = names.length. */
  stageStart: number[];
}

/** Orders jobs by stage, then topologically inside a stage (needs may point within a stage). */
export function buildPipelineGraph(pipeline: Pipeline): PipelineGraph {
  const stageNames = effectiveStages(pipeline.stages);
  const stagePos = new Map(stageNames.map((s, i) => [s, i]));
  const byStage: string[][] = stageNames.map(() => []);
  for (const [name, job] of Object.entries(pipeline.jobs)) {
    // Validated configs only use known stages; an unknown one runs last rather than vanishing.
    byStage[stagePos.get(job.stage) ?? stageNames.length - 1]!.push(name);
  }
  const names: string[] = [];
  const stageStart: number[] = [];
  byStage.forEach((group) => {
    stageStart.push(names.length);
    names.push(...orderWithinStage(group, pipeline));
  });
  stageStart.push(names.length);
  const index = new Map(names.map((n, i) => [n, i]));
  const stageIndex: number[] = [];
  byStage.forEach((group, s) => group.forEach(() => stageIndex.push(s)));
  const jobs = names.map((n) => pipeline.jobs[n]!);
  const needs = jobs.map((job) => job.needs?.filter((n) => index.has(n)).map((n) => index.get(n)!));
  return { names, jobs, stageIndex, stageNames, needs, stageStart };
}

/** Kahn's algorithm over the same-stage needs only; definition order breaks ties. */
function orderWithinStage(group: string[], pipeline: Pipeline): string[] {
  if (group.length < 2) return group;
  const inStage = new Set(group);
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const name of group) {
    const local = (pipeline.jobs[name]!.needs ?? []).filter((n) => inStage.has(n));
    waiting.set(name, local.length);
    for (const need of local) {
      const list = dependents.get(need);
      if (list) list.push(name);
      else dependents.set(need, [name]);
    }
  }
  const ready = group.filter((n) => waiting.get(n) === 0);
  const out: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const name = ready[i]!;
    out.push(name);
    for (const next of dependents.get(name) ?? []) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  // A cycle cannot pass validation; keep such jobs anyway so none is silently dropped.
  return out.length === group.length ? out : [...out, ...group.filter((n) => !out.includes(n))];
}

/** Display rows for check-run summaries: stage by stage, in the order jobs can run. */
export function jobsInStageOrder(pipeline: Pipeline): JobRow[] {
  const graph = buildPipelineGraph(pipeline);
  return graph.names.map((job, i) => {
    const def = graph.jobs[i]!;
    return {
      stage: graph.stageNames[graph.stageIndex[i]!]!,
      job,
      needs: def.needs ? [...def.needs] : undefined,
      when: def.when,
      allowFailure: def.allow_failure,
    };
  });
}
