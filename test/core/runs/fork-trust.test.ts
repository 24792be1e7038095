/**
 * Which results may turn a pipeline job green. On a fork's pull request, the fork's own
 * workflows run on its head commit and can make check runs and workflow runs with any name: only
 * results signalbox can tie to the base repository count there.
 */
import { pipelineSchema } from "../../../src/config/schema-pipelines.js";
import { decideRuns } from "../../../src/core/runs/decide-runs.js";
import type { CommitResultEvent, WorkflowRunEvent } from "../../../src/core/runs/events.js";
import type { PipelineRun } from "../../../src/core/runs/types.js";
import { translateRunEvent } from "../../../src/intake/github/translate-runs.js";
import { HEAD, NOW, repo, run, running } from "../reconcile-fixtures.js";

const pipelines = {
  e2e: pipelineSchema.parse({
    on: { label: "run-e2e" },
    jobs: { smoke: { check: "smoke" }, lint: { check: "lint", app: "lint-app" }, unit: { status: "ci/unit" } },
  }),
};
const jobs = () => ({ smoke: running(5), lint: running(5), unit: running(5) });
const forkRun = run(jobs(), { boundToSha: true, dispatchRef: "main" });
const ownRun = run(jobs());

function result(name: string, source: "status" | "check", app?: string): CommitResultEvent {
  return { kind: "commitResult", repo, source, sha: HEAD, name, state: "success", ...(app ? { app } : {}) };
}

function jobStatus(event: CommitResultEvent, start: PipelineRun, job: string): string | undefined {
  const decision = decideRuns(event, { pipelines, trustedBots: [], runs: [start] }, NOW, (p) => `x:${p}`);
  return (decision.runs.find((r) => r.id === start.id) ?? start).jobs[job]?.status;
}

describe("check runs on a fork's pull request", () => {
  it.each<[string, CommitResultEvent, PipelineRun, string, string]>([
    ["a check run of a job naming no app, on a fork's head", result("smoke", "check", "github-actions"), forkRun, "smoke", "running"],
    ["the same on a branch of the repository", result("smoke", "check", "github-actions"), ownRun, "smoke", "success"],
    ["a check run from the named app, on a fork's head", result("lint", "check", "lint-app"), forkRun, "lint", "success"],
    ["a check run of the same name from another app", result("lint", "check", "github-actions"), forkRun, "lint", "running"],
    ["a check run from another app, on a branch of the repository", result("lint", "check", "github-actions"), ownRun, "lint", "running"],
    ["a commit status on a fork's head (status: jobs are unchanged)", result("ci/unit", "status"), forkRun, "unit", "success"],
  ])("%s", (_name, event, start, job, status) => {
    expect(jobStatus(event, start, job)).toBe(status);
  });

  it("a refused check run is not kept for the job to find when it starts", () => {
    const waiting = run({ smoke: { status: "created" }, lint: running(5), unit: running(5) }, { boundToSha: true });
    const decision = decideRuns(result("smoke", "check", "github-actions"), { pipelines, trustedBots: [], runs: [waiting] }, NOW, (p) => `x:${p}`);
    expect(decision.runs[0]?.observed ?? {}).toEqual({});
  });

  it("reads the app's slug from the check_run delivery", () => {
    const payload = { action: "completed", check_run: { name: "lint", head_sha: HEAD, conclusion: "success", app: { slug: "lint-app" } } };
    expect(translateRunEvent("check_run", payload, repo)).toMatchObject({ kind: "commitResult", name: "lint", app: "lint-app" });
  });
});

describe("workflow runs", () => {
  const build = { e2e: pipelineSchema.parse({ on: { label: "run-e2e" }, jobs: { build: { workflow: "build.yml" } } }) };
  const started = (over: Partial<PipelineRun> = {}) => run({ build: running(5) }, { dispatchRef: "feature", ...over });
  const finished = (over: Partial<WorkflowRunEvent>): WorkflowRunEvent => ({
    kind: "workflowRun", repo, action: "completed", workflowRunId: 77, workflow: "build.yml", headSha: HEAD, conclusion: "success", url: "https://github.com/o/r/actions/runs/77", ...over,
  });
  const buildStatus = (event: WorkflowRunEvent, start: PipelineRun) =>
    (decideRuns(event, { pipelines: build, trustedBots: [], runs: [start] }, NOW, (p) => `x:${p}`).runs[0] ?? start).jobs.build?.status;

  it.each<[string, WorkflowRunEvent, PipelineRun, string]>([
    ["the dispatched run, by its id, wherever it ran", finished({ headBranch: "anything", fromOtherRepository: true }), started({ jobs: { build: running(5, { workflowRunId: 77 }) } }), "success"],
    ["a run of the workflow on the branch signalbox dispatched on", finished({ headBranch: "feature", fromOtherRepository: false }), started(), "success"],
    ["a fork's own workflow of the same name on the same commit", finished({ headBranch: "feature", fromOtherRepository: true }), started(), "running"],
    ["a run of the same workflow on another branch", finished({ headBranch: "patch-1", fromOtherRepository: false }), started(), "running"],
  ])("%s", (_name, event, start, status) => {
    expect(buildStatus(event, start)).toBe(status);
  });

  it("reads the run's branch and repository from the workflow_run delivery", () => {
    const repository = { full_name: "octo-org/app" };
    const payload = { action: "completed", repository, workflow_run: { id: 5, head_sha: HEAD, path: ".github/workflows/build.yml", head_branch: "feature", head_repository: { full_name: "stranger/app" } } };
    expect(translateRunEvent("workflow_run", payload, repo)).toMatchObject({ headBranch: "feature", fromOtherRepository: true });
  });
});
