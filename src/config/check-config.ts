/**
 * Cross-field checks that a shape-only schema cannot express: references between jobs,
 * pipelines and stages, and names signalbox keeps for itself. Each issue carries the path of
 * the offending field so the config check run can point at its line.
 */
import type { z } from "zod";
import { didYouMean } from "./did-you-mean.js";
import { findCycles } from "./find-cycles.js";
import type { Pipeline } from "./schema-pipelines.js";
import type { SignalboxConfig } from "./schema.js";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Names usable in check-run names, `/run <job>` commands and URLs. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const RESERVED_PIPELINES = new Set(["train", "config", "promote"]);
const RESERVED_INPUTS = new Set(["sha", "signalbox_run"]);

function report(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

/** A problem with a name: the error points at the key, not at the mapping under it. */
function reportName(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: "custom", path, message, params: { atKey: true } });
}

export function checkConfig(config: SignalboxConfig, ctx: Ctx): void {
  for (const [name, pipeline] of Object.entries(config.pipelines)) {
    checkPipelineName(name, ctx);
    checkPipeline(["pipelines", name], pipeline, ctx);
  }
  const train = config.train;
  if (train?.gate != null && !(train.gate in config.pipelines)) {
    const known = Object.keys(config.pipelines);
    const hint = didYouMean(train.gate, known) || (known.length ? "" : "; no pipelines are defined");
    report(ctx, ["train", "gate"], `names the pipeline "${train.gate}", which is not defined under pipelines${hint}`);
  }
  if (train?.source !== undefined && train.source === train.branch) {
    report(ctx, ["train", "source"], `must differ from train.branch ("${train.branch}"): the train merges source into branch`);
  }
  for (const [name, policy] of Object.entries(config.gates)) {
    if (!NAME.test(name)) reportName(ctx, ["gates", name], badName("gate context", name));
    const { valid_since: since, valid_until: until } = policy;
    if (since !== undefined && until !== undefined && Date.parse(since) > Date.parse(until)) {
      report(ctx, ["gates", name, "valid_until"], `must not be earlier than valid_since (${since})`);
    }
  }
}

function badName(what: string, name: string): string {
  return `${what} name "${name}" may only hold letters, digits, "-", "_" and "." (and must start with a letter or digit)`;
}

function checkPipelineName(name: string, ctx: Ctx): void {
  if (RESERVED_PIPELINES.has(name) || name.startsWith("gate")) {
    reportName(ctx, ["pipelines", name], `pipeline name "${name}" is reserved for signalbox's own check runs; choose another name`);
  } else if (!NAME.test(name)) {
    reportName(ctx, ["pipelines", name], badName("pipeline", name));
  }
}

/** The stages a job may use, in run order: .pre and .post always exist, first and last. */
export function effectiveStages(stages: readonly string[]): string[] {
  return [".pre", ...stages.filter((s) => s !== ".pre" && s !== ".post"), ".post"];
}

function checkPipeline(path: Path, pipeline: Pipeline, ctx: Ctx): void {
  checkStages(path, pipeline.stages, ctx);
  const jobNames = Object.keys(pipeline.jobs);
  if (jobNames.length === 0) report(ctx, [...path, "jobs"], "must define at least one job");
  const order = effectiveStages(pipeline.stages);
  for (const [name, job] of Object.entries(pipeline.jobs)) {
    const jobPath = [...path, "jobs", name];
    if (!NAME.test(name)) reportName(ctx, jobPath, badName("job", name));
    if (!order.includes(job.stage)) {
      report(ctx, [...jobPath, "stage"], `stage "${job.stage}" is not in this pipeline's stages (${pipeline.stages.join(", ")})${didYouMean(job.stage, order)}`);
    }
    checkJobKind(jobPath, job, ctx);
    checkNeeds(jobPath, name, pipeline, order, ctx);
  }
  for (const cycle of findCycles(needsGraph(pipeline))) {
    const [first = "", second = ""] = cycle;
    const index = pipeline.jobs[first]?.needs?.indexOf(second) ?? 0;
    report(ctx, [...path, "jobs", first, "needs", index], `needs form a cycle: ${cycle.join(" → ")}`);
  }
}

function checkStages(path: Path, stages: readonly string[], ctx: Ctx): void {
  stages.forEach((stage, i) => {
    if (stages.indexOf(stage) !== i) report(ctx, [...path, "stages", i], `stage "${stage}" is listed twice`);
    if (stage === ".pre" && i !== 0) report(ctx, [...path, "stages", i], ".pre is always the first stage");
    if (stage === ".post" && i !== stages.length - 1) report(ctx, [...path, "stages", i], ".post is always the last stage");
  });
}

function checkJobKind(path: Path, job: Pipeline["jobs"][string], ctx: Ctx): void {
  const kinds = (["workflow", "status", "check"] as const).filter((kind) => job[kind] !== undefined);
  if (kinds.length !== 1) {
    const got = kinds.length === 0 ? "none" : kinds.join(" and ");
    reportName(ctx, path, `must have exactly one of workflow, status or check (got ${got})`);
  }
  if (job.app !== undefined && job.check === undefined) report(ctx, [...path, "app"], "only check jobs take app (the app whose check run counts)");
  if (job.inputs === undefined) return;
  if (job.workflow === undefined) report(ctx, [...path, "inputs"], "only workflow jobs take inputs");
  for (const key of Object.keys(job.inputs)) {
    if (RESERVED_INPUTS.has(key)) report(ctx, [...path, "inputs", key], `"${key}" is always set by signalbox and cannot be given here`);
  }
}

function checkNeeds(path: Path, name: string, pipeline: Pipeline, order: string[], ctx: Ctx): void {
  const job = pipeline.jobs[name];
  const needs = job?.needs ?? [];
  needs.forEach((need, i) => {
    const target = pipeline.jobs[need];
    if (needs.indexOf(need) !== i) {
      report(ctx, [...path, "needs", i], `"${need}" is listed twice`);
    } else if (target === undefined) {
      const hint = didYouMean(need, Object.keys(pipeline.jobs));
      report(ctx, [...path, "needs", i], `needs the job "${need}", which is not defined in this pipeline${hint}`);
    } else if (job && order.indexOf(target.stage) > order.indexOf(job.stage)) {
      report(ctx, [...path, "needs", i], `needs "${need}", which is in the later stage "${target.stage}"; a job can only need jobs of its own or an earlier stage`);
    }
  });
}

function needsGraph(pipeline: Pipeline): Map<string, string[]> {
  return new Map(Object.entries(pipeline.jobs).map(([name, job]) => [name, job.needs ?? []]));
}
