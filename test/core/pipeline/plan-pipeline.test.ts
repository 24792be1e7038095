import { planPipeline } from "../../../src/core/pipeline/plan-pipeline.js";
import type { JobStatus, ScheduleStep } from "../../../src/core/pipeline/types.js";
import { toPipeline, type GitlabCase } from "./gitlab-cases.js";

const S3 = ["build", "test", "deploy"];
const e2e = toPipeline({
  name: "e2e",
  stages: ["build", "deploy", "test"],
  jobs: {
    "build-images": { stage: "build" },
    deploy: { stage: "deploy", needs: ["build-images"] },
    "run-tests": { stage: "test" },
    cleanup: { stage: "test", needs: ["run-tests"], when: "always", allow_failure: true },
  },
});

function plan(c: Omit<GitlabCase, "name">, jobs: Record<string, JobStatus>, played?: string[]): ScheduleStep {
  return planPipeline({ pipeline: toPipeline({ name: "t", ...c }), jobs, played });
}

describe("planPipeline", () => {
  it("starts the first stage and needs: [] jobs at once", () => {
    const step = plan({ stages: S3, jobs: { b: { stage: "build" }, t: {}, x: { stage: "deploy", needs: [] } } }, {});
    expect(step).toEqual({ start: ["b", "x"], skip: [], manual: [], result: "running" });
  });

  it.each<[string, Omit<GitlabCase, "name">, Record<string, JobStatus>, ScheduleStep["skip"]]>([
    ["an earlier stage failed", { stages: S3, jobs: { b: { stage: "build" }, t: {} } }, { b: "failed" }, [{ job: "t", reason: "b failed in an earlier stage" }]],
    ["a timed-out job counts as failed", { stages: S3, jobs: { b: { stage: "build" }, t: {} } }, { b: "timed_out" }, [{ job: "t", reason: "b failed in an earlier stage" }]],
    ["a need failed", { stages: S3, jobs: { b: { stage: "build" }, t: { needs: ["b"] } } }, { b: "failed" }, [{ job: "t", reason: "needs b, which failed" }]],
    ["a need was canceled", { stages: S3, jobs: { b: { stage: "build" }, t: { needs: ["b"] } } }, { b: "canceled" }, [{ job: "t", reason: "needs b, which was canceled" }]],
    ["on_failure with nothing failed", { stages: S3, jobs: { b: { stage: "build" }, n: { when: "on_failure" } } }, { b: "success" }, [{ job: "n", reason: "when: on_failure, and no earlier job failed" }]],
    ["on_failure whose need passed", { stages: S3, jobs: { b: { stage: "build" }, n: { needs: ["b"], when: "on_failure" } } }, { b: "success" }, [{ job: "n", reason: "when: on_failure, and nothing it needs failed" }]],
    ["always after a cancel", { stages: S3, jobs: { b: { stage: "build" }, c: { when: "always" } } }, { b: "canceled" }, [{ job: "c", reason: "b was canceled in an earlier stage" }]],
    ["a chain of skips in one call", { stages: S3, jobs: { b: { stage: "build" }, t: { needs: ["b"] }, d: { stage: "deploy", needs: ["t"] } } }, { b: "failed" }, [
      { job: "t", reason: "needs b, which failed" },
      { job: "d", reason: "needs t, which was skipped" },
    ]],
  ])("skips with a reason: %s", (_, c, jobs, skip) => {
    expect(plan(c, jobs).skip).toEqual(skip);
  });

  it.each<[string, Record<string, JobStatus>, Partial<ScheduleStep>]>([
    ["nothing yet", {}, { start: ["build-images"], result: "running" }],
    ["build passed", { "build-images": "success" }, { start: ["deploy"], result: "running" }],
    ["deploy failed: cleanup still runs", { "build-images": "success", deploy: "failed" }, {
      start: ["cleanup"],
      skip: [{ job: "run-tests", reason: "deploy failed in an earlier stage" }],
      result: "running",
    }],
    ["cleanup failed, allowed", { "build-images": "success", deploy: "success", "run-tests": "success", cleanup: "failed" }, { result: "success" }],
    ["run-tests timed out", { "build-images": "success", deploy: "success", "run-tests": "timed_out", cleanup: "success" }, { result: "failed" }],
    ["canceled", { "build-images": "success", deploy: "canceled", "run-tests": "canceled", cleanup: "canceled" }, { result: "canceled" }],
  ])("e2e pipeline: %s", (_, jobs, expected) => {
    expect(planPipeline({ pipeline: e2e, jobs })).toEqual({ start: [], skip: [], manual: [], ...expected });
  });

  it.each<[string, Record<string, JobStatus>]>([
    ["fresh", {}],
    ["midway", { "build-images": "success", deploy: "running" }],
    ["after a failure", { "build-images": "failed" }],
  ])("returns nothing new once its step is applied (%s)", (_, jobs) => {
    const step = planPipeline({ pipeline: e2e, jobs });
    const applied: Record<string, JobStatus> = { ...jobs };
    for (const job of step.start) applied[job] = "running";
    for (const { job } of step.skip) applied[job] = "skipped";
    const again = planPipeline({ pipeline: e2e, jobs: applied });
    expect([again.start, again.skip, again.manual]).toEqual([[], [], []]);
    expect(again.result).toBe(step.result);
  });
});

describe("planPipeline: manual jobs", () => {
  const c = { stages: S3, jobs: { b: { stage: "build" }, m: { when: "manual" as const }, d: { stage: "deploy", needs: ["m"] }, z: { stage: "deploy" } } };

  it("offers a manual job once its stage is reached, and later stages do not wait for it", () => {
    expect(plan(c, { b: "success" })).toEqual({ start: ["z"], skip: [], manual: ["m"], result: "running" });
  });

  it("is 'manual' when only manual jobs and jobs that need them are left", () => {
    expect(plan(c, { b: "success", m: "manual", z: "success" })).toEqual({ start: [], skip: [], manual: [], result: "manual" });
  });

  it("starts a played manual job, then what needs it", () => {
    expect(plan(c, { b: "success", m: "manual", z: "success" }, ["m"]).start).toEqual(["m"]);
    expect(plan(c, { b: "success", m: "success", z: "success" }, ["m"]).start).toEqual(["d"]);
  });

  it("skips a manual job whose stage failed, even if played", () => {
    expect(plan(c, { b: "failed" }, ["m"]).skip).toEqual([
      { job: "m", reason: "b failed in an earlier stage" },
      { job: "d", reason: "needs m, which was skipped" },
      { job: "z", reason: "b failed in an earlier stage" },
    ]);
  });

  it("a failure is final even while a manual job waits", () => {
    expect(plan(c, { b: "success", m: "manual", z: "failed" }).result).toBe("failed");
  });
});
