/**
 * What every pipeline-run decider shares: the facts it decides on, its answer, and the helpers
 * that advance runs. Kept apart from `decideRuns`, which picks the decider, so that deciders
 * never import their dispatcher.
 */
import type { Pipeline } from "../pipeline/types.js";
import type { PipelineEffect } from "../types.js";
import { advanceRun, type ResourceGroups } from "./advance-run.js";
import { FINISHED_RUN, type PipelineRun } from "./types.js";

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface PullRequestFacts {
  number: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  fork: boolean;
  labels: string[];
  open: boolean;
}

export interface RunFacts {
  pipelines: Record<string, Pipeline>;
  /** Bot logins (e.g. "renovate[bot]") whose labels and commands count like a maintainer's. */
  trustedBots: string[];
  /** The repository's active runs, plus its latest finished run per pipeline and commit. */
  runs: PipelineRun[];
  /** The event sender's permission, when the event asks for something. */
  permission?: Permission;
  pullRequest?: PullRequestFacts;
  /** For a comment command: whether the comment was handled before, and when the PR's head was pushed. */
  comment?: { handledBefore: boolean; headPushedAt: Date | null };
}

export interface RunDecision {
  runs: PipelineRun[];
  effects: PipelineEffect[];
  reason: string;
}

export interface DecideContext {
  facts: RunFacts;
  now: Date;
  /** A run id unique to this event and pipeline (stable when the event is processed again). */
  newRunId: (pipeline: string) => string;
  groups: ResourceGroups;
}

export function canAct(permission: Permission | undefined): boolean {
  return permission === "admin" || permission === "maintain" || permission === "write";
}

export function activeRuns(runs: PipelineRun[]): PipelineRun[] {
  return runs.filter((run) => !FINISHED_RUN.has(run.status)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Advances the changed runs, then the repository's other active runs (a resource group may be free now). */
export function advanceAll(changed: PipelineRun[], ctx: DecideContext, reason: string, extra: PipelineEffect[] = []): RunDecision {
  const ids = new Set(changed.map((run) => run.id));
  const others = activeRuns(ctx.facts.runs).filter((run) => !ids.has(run.id));
  const out: RunDecision = { runs: [], effects: [...extra], reason };
  for (const run of [...changed, ...others]) {
    const pipeline = ctx.facts.pipelines[run.pipeline];
    if (!pipeline) continue;
    const advanced = advanceRun(run, pipeline, ctx.now, ctx.groups);
    if (ids.has(run.id) || JSON.stringify(advanced.run.jobs) !== JSON.stringify(run.jobs)) {
      out.runs.push(advanced.run);
      out.effects.push(...advanced.effects);
    }
  }
  return out;
}
