/**
 * Definitions and job outcomes run through both gitlab-ci-local and planPipeline. `fail` lists
 * the jobs whose script exits 1; `play` the manual jobs someone starts. `gclDiffers` names jobs
 * signalbox runs and gitlab-ci-local 4.75.1 does not, where gitlab-ci-local departs from GitLab:
 *  - SKIPPED_NEVER_FINISH: it never marks a skipped job finished, so nothing that waits for one
 *    ever starts, not even `when: always`. GitLab counts skipped jobs as done ("always: run
 *    regardless of the status of jobs in earlier stages"; a stage after a skipped
 *    `on_failure` job runs).
 *  - TRANSITIVE_FAILURE: it looks for failures through the whole chain of needs; GitLab only at
 *    the direct needs (Ci::PipelineProcessing::AtomicProcessingService).
 */
import type { Job, Pipeline } from "../../../src/core/pipeline/types.js";
import { DEFAULT_STAGES } from "../../../src/config/schema-pipelines.js";

export const SKIPPED_NEVER_FINISH = "gitlab-ci-local never starts a job that waits for a skipped job";
export const TRANSITIVE_FAILURE = "gitlab-ci-local counts failures of needs of needs";

type JobSpec = Partial<Pick<Job, "stage" | "needs" | "when" | "allow_failure">>;
export interface GitlabCase {
  name: string;
  stages?: string[];
  jobs: Record<string, JobSpec>;
  fail?: string[];
  play?: string[];
  gclDiffers?: { jobs: string[]; why: string };
}

export function toPipeline(c: GitlabCase): Pipeline {
  const jobs: Record<string, Job> = {};
  for (const [name, spec] of Object.entries(c.jobs)) {
    jobs[name] = { stage: "test", when: "on_success", allow_failure: false, workflow: `${name}.yml`, ...spec };
  }
  return { on: "pull_request", stages: c.stages ?? [...DEFAULT_STAGES], jobs };
}

const S3 = ["build", "test", "deploy"];
const linear: Record<string, JobSpec> = {
  b1: { stage: "build" },
  b2: { stage: "build" },
  t1: { stage: "test" },
  t2: { stage: "test" },
  d1: { stage: "deploy" },
};
const diamond: Record<string, JobSpec> = {
  a: { stage: "build", needs: [] },
  b: { stage: "test", needs: ["a"] },
  c: { stage: "test", needs: ["a"] },
  d: { stage: "deploy", needs: ["b", "c"] },
};
const e2e: Record<string, JobSpec> = {
  "build-images": { stage: "build" },
  deploy: { stage: "deploy", needs: ["build-images"] },
  "run-tests": { stage: "test" },
  cleanup: { stage: "test", needs: ["run-tests"], when: "always", allow_failure: true },
};
const e2eStages = ["build", "deploy", "test"];

export const GITLAB_CASES: GitlabCase[] = [
  // Stages only, failures at every position.
  { name: "stages: all pass", stages: S3, jobs: linear },
  { name: "stages: first job fails", stages: S3, jobs: linear, fail: ["b1"] },
  { name: "stages: middle job fails", stages: S3, jobs: linear, fail: ["t1"] },
  { name: "stages: last job fails", stages: S3, jobs: linear, fail: ["d1"] },
  { name: "stages: several fail in one stage", stages: S3, jobs: linear, fail: ["t1", "t2"] },
  { name: "stages: failures in two stages", stages: S3, jobs: linear, fail: ["b2", "d1"] },
  { name: "stages: allowed failure first", stages: S3, jobs: { ...linear, b1: { stage: "build", allow_failure: true } }, fail: ["b1"] },
  { name: "stages: allowed failure last", stages: S3, jobs: { ...linear, d1: { stage: "deploy", allow_failure: true } }, fail: ["d1"] },
  { name: "stages: allowed and real failure", stages: S3, jobs: { ...linear, t1: { stage: "test", allow_failure: true } }, fail: ["t1", "t2"] },
  { name: "default stages incl .pre and .post", jobs: { p: { stage: ".pre" }, b: { stage: "build" }, t: {}, d: { stage: "deploy" }, z: { stage: ".post" } } },
  { name: "default stages, .pre fails", jobs: { p: { stage: ".pre" }, b: { stage: "build" }, z: { stage: ".post", when: "always" } }, fail: ["p"], gclDiffers: { jobs: ["z"], why: SKIPPED_NEVER_FINISH } },
  // when: on_failure / always with stages.
  { name: "on_failure right after a failure", stages: S3, jobs: { b: { stage: "build" }, n: { stage: "test", when: "on_failure" }, t: { stage: "test" } }, fail: ["b"] },
  { name: "on_failure when all pass", stages: S3, jobs: { b: { stage: "build" }, n: { stage: "test", when: "on_failure" } } },
  { name: "on_failure in first stage", stages: S3, jobs: { n: { stage: "build", when: "on_failure" }, t: { stage: "test" } }, gclDiffers: { jobs: ["t"], why: SKIPPED_NEVER_FINISH } },
  { name: "always right after a failure", stages: S3, jobs: { b: { stage: "build" }, c: { stage: "test", when: "always" } }, fail: ["b"] },
  { name: "always in the failing stage", stages: S3, jobs: { b: { stage: "build" }, c: { stage: "build", when: "always" }, t: { stage: "test" } }, fail: ["b"] },
  { name: "always fails after a pass", stages: S3, jobs: { b: { stage: "build" }, c: { stage: "test", when: "always" }, d: { stage: "deploy" } }, fail: ["c"] },
  { name: "stage after a skipped on_failure job", stages: S3, jobs: { b: { stage: "build" }, n: { stage: "test", when: "on_failure" }, d: { stage: "deploy" } }, gclDiffers: { jobs: ["d"], why: SKIPPED_NEVER_FINISH } },
  { name: "always two stages after a failure", stages: S3, jobs: { b: { stage: "build" }, t: { stage: "test" }, c: { stage: "deploy", when: "always" } }, fail: ["b"], gclDiffers: { jobs: ["c"], why: SKIPPED_NEVER_FINISH } },
  { name: "on_failure two stages after a failure", stages: S3, jobs: { b: { stage: "build" }, t: { stage: "test" }, n: { stage: "deploy", when: "on_failure" } }, fail: ["b"], gclDiffers: { jobs: ["n"], why: SKIPPED_NEVER_FINISH } },
  // when: manual.
  { name: "manual not played, later stages run", stages: S3, jobs: { m: { stage: "build", when: "manual" }, t: { stage: "test" }, d: { stage: "deploy" } } },
  { name: "manual played passes", stages: S3, jobs: { b: { stage: "build" }, m: { stage: "test", when: "manual" }, d: { stage: "deploy" } }, play: ["m"] },
  { name: "manual played fails", stages: S3, jobs: { b: { stage: "build" }, m: { stage: "test", when: "manual" }, d: { stage: "deploy" } }, play: ["m"], fail: ["m"] },
  { name: "manual played, allowed to fail", stages: S3, jobs: { m: { stage: "build", when: "manual", allow_failure: true }, d: { stage: "test" } }, play: ["m"], fail: ["m"] },
  { name: "manual played after a failure", stages: S3, jobs: { b: { stage: "build" }, m: { stage: "test", when: "manual" } }, play: ["m"], fail: ["b"] },
  { name: "manual needed and played", stages: S3, jobs: { m: { stage: "build", when: "manual" }, d: { stage: "deploy", needs: ["m"] }, t: { stage: "test" } }, play: ["m"] },
  // needs DAGs.
  { name: "needs: diamond passes", stages: S3, jobs: diamond },
  { name: "needs: diamond, one branch fails", stages: S3, jobs: diamond, fail: ["b"] },
  { name: "needs: diamond, root fails", stages: S3, jobs: diamond, fail: ["a"] },
  { name: "needs: diamond, sink fails", stages: S3, jobs: diamond, fail: ["d"] },
  { name: "needs: [] runs despite a failed stage", stages: S3, jobs: { ...linear, x: { stage: "deploy", needs: [] } }, fail: ["b1"] },
  { name: "needs bypass a failing job", stages: S3, jobs: { a: { stage: "build" }, b: { stage: "build" }, c: { stage: "test", needs: ["b"] }, d: { stage: "deploy" } }, fail: ["a"] },
  { name: "needs chain, head fails", stages: S3, jobs: { a: { stage: "build" }, b: { stage: "test", needs: ["a"] }, c: { stage: "deploy", needs: ["b"] } }, fail: ["a"] },
  { name: "needs chain, always after a skipped need", stages: S3, jobs: { a: { stage: "build" }, b: { stage: "test", needs: ["a"] }, c: { stage: "deploy", needs: ["b"], when: "always" } }, fail: ["a"], gclDiffers: { jobs: ["c"], why: SKIPPED_NEVER_FINISH } },
  { name: "needs chain through an always job", stages: S3, jobs: { a: { stage: "build" }, b: { stage: "test", needs: ["a"], when: "always" }, c: { stage: "deploy", needs: ["b"] } }, fail: ["a"], gclDiffers: { jobs: ["c"], why: TRANSITIVE_FAILURE } },
  { name: "needs an allowed failure", stages: S3, jobs: { a: { stage: "build", allow_failure: true }, b: { stage: "test", needs: ["a"] } }, fail: ["a"] },
  { name: "needs: on_failure after its need fails", stages: S3, jobs: { a: { stage: "build" }, ok: { stage: "build" }, n: { stage: "test", needs: ["a"], when: "on_failure" }, m: { stage: "test", needs: ["ok"], when: "on_failure" } }, fail: ["a"] },
  { name: "needs within a stage, first fails", stages: S3, jobs: { t1: { stage: "test" }, t2: { stage: "test", needs: ["t1"] }, t3: { stage: "test", needs: [] } }, fail: ["t1"] },
  { name: "needs: fan-out, one leaf fails", stages: S3, jobs: { r: { stage: "build" }, l1: { needs: ["r"] }, l2: { needs: ["r"] }, l3: { needs: ["r"] }, l4: { needs: ["r"] }, d: { stage: "deploy" } }, fail: ["l3"] },
  { name: "needs: two roots fail, always joins them", stages: S3, jobs: { r1: { stage: "build" }, r2: { stage: "build" }, j: { stage: "test", needs: ["r1", "r2"] }, k: { stage: "test", needs: ["r1", "r2"], when: "always" } }, fail: ["r1", "r2"] },
  { name: "stage job after needs jobs", stages: S3, jobs: { a: { stage: "build", needs: [] }, b: { stage: "test", needs: ["a"] }, c: { stage: "deploy" } }, fail: ["b"] },
  // The e2e example.
  { name: "e2e: all pass", stages: e2eStages, jobs: e2e },
  { name: "e2e: build-images fails", stages: e2eStages, jobs: e2e, fail: ["build-images"], gclDiffers: { jobs: ["cleanup"], why: SKIPPED_NEVER_FINISH } },
  { name: "e2e: deploy fails", stages: e2eStages, jobs: e2e, fail: ["deploy"], gclDiffers: { jobs: ["cleanup"], why: SKIPPED_NEVER_FINISH } },
  { name: "e2e: run-tests fails", stages: e2eStages, jobs: e2e, fail: ["run-tests"] },
  { name: "e2e: run-tests and cleanup fail", stages: e2eStages, jobs: e2e, fail: ["run-tests", "cleanup"] },
];
