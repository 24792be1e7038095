/** Facts for the reconcile's table tests: one repository with a label pipeline and a train. */
import { pipelineSchema } from "../../src/config/schema-pipelines.js";
import type { CommitResultFact, OpenPull, ReconcileFacts, TrainFacts, WorkflowRunFact } from "../../src/core/reconcile/types.js";
import type { JobRun, PipelineRun } from "../../src/core/runs/types.js";
import { initialTrainState } from "../../src/core/train/state.js";

export const repo = { owner: "octo-org", repo: "app", installationId: 5 };
export const NOW = new Date("2026-11-22T12:00:00Z");
export const HEAD = "a".repeat(40);
export const OLD = "b".repeat(40);
export const MAIN = "c".repeat(40);
export const RELEASE = "d".repeat(40);
export const HUMAN = "e".repeat(40);

export const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000).toISOString();

export const pipelines = {
  e2e: pipelineSchema.parse({
    on: { label: "run-e2e" },
    jobs: { build: { workflow: "build.yml" }, tests: { status: "ci/e2e", needs: ["build"] }, smoke: { check: "smoke", needs: [] }, soak: { status: "ci/soak", timeout: "30m", needs: [] } },
  }),
  lint: pipelineSchema.parse({ on: { label: "run-lint" }, jobs: { lint: { status: "ci/lint" } } }),
};

export function pull(over: Partial<OpenPull> = {}): OpenPull {
  return { number: 7, headSha: HEAD, headRef: "feature", baseRef: "main", fork: false, labels: ["run-e2e"], updatedAt: minutesAgo(10), labelers: { "run-e2e": { login: "maintainer", at: minutesAgo(10) } }, ...over };
}

export function run(jobs: Record<string, JobRun>, over: Partial<PipelineRun> = {}): PipelineRun {
  return {
    id: "delivery-1:e2e",
    repo,
    pipeline: "e2e",
    sha: HEAD,
    trigger: { kind: "label", name: "run-e2e", prNumber: 7, actor: "maintainer" },
    dispatchRef: "feature",
    boundToSha: false,
    status: "running",
    jobs,
    played: [],
    observed: {},
    attempt: 1,
    createdAt: minutesAgo(120),
    updatedAt: minutesAgo(120),
    ...over,
  };
}

export const running = (startedMinutesAgo: number, over: Partial<JobRun> = {}): JobRun => ({ status: "running", startedAt: minutesAgo(startedMinutesAgo), ...over });

export function workflowRun(over: Partial<WorkflowRunFact> = {}): WorkflowRunFact {
  return { id: 901, workflow: "build.yml", headSha: HEAD, status: "completed", conclusion: "success", url: "https://github.com/octo-org/app/actions/runs/901", updatedAt: minutesAgo(5), ...over };
}

export function result(over: Partial<CommitResultFact> = {}): CommitResultFact {
  return { source: "status", sha: HEAD, name: "ci/e2e", id: 31, state: "success", url: "https://ci.example/31", at: minutesAgo(5), ...over };
}

export function train(over: Partial<TrainFacts> = {}): TrainFacts {
  return {
    state: initialTrainState(),
    sourceBranch: "main",
    releaseBranch: "release",
    sourceHead: MAIN,
    releaseHead: RELEASE,
    sourceAhead: 0,
    sourceChanges: null,
    sourceCommittedAt: null,
    releaseHoldsHead: true,
    autoPromoteAfterMs: null,
    preReleases: [],
    ...over,
  };
}

export const REPO = { owner: "octo-org", repo: "app", installationId: 1 };

export function facts(over: Partial<ReconcileFacts> = {}): ReconcileFacts {
  return { repo: REPO, defaultBranch: "main", now: NOW, settleMs: 60_000, defaultJobTimeoutMs: 60 * 60_000, pipelines, runs: [], pulls: [], workflowRuns: [], results: [], train: null, ...over };
}
