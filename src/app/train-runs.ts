/** What a finished pipeline run that the train started means to the train. */
import type { PipelineRun } from "../core/runs/types.js";
import type { GateResultEvent, PackageResultEvent } from "../core/train/index.js";

/** `policy`: the `gates.test_tag` verdict on the commit, which must pass beside the gate pipeline. */
export function trainEventOf(run: PipelineRun, policy: { name: string; passed: boolean; summary: string } | null = null): GateResultEvent | PackageResultEvent {
  const passed = run.status === "success";
  if (run.trigger.name === "package") {
    return { kind: "packageResult", tag: run.dispatchRef, sha: run.sha, passed };
  }
  const failed = Object.entries(run.jobs).filter(([, job]) => ["failed", "timed_out", "canceled"].includes(job.status)).map(([name]) => name);
  const url = Object.values(run.jobs).find((job) => job.url)?.url;
  return {
    kind: "gateResult",
    sha: run.sha,
    nightly: run.trigger.name === "nightly",
    outcomes: [
      { name: run.pipeline, passed, summary: passed ? `${run.pipeline} passed` : `${run.pipeline} ${run.status}${failed.length ? `: ${failed.join(", ")}` : ""}`, ...(url ? { url } : {}) },
      ...(policy ? [policy] : []),
    ],
  };
}
