/**
 * What follows a finished pipeline run: its results are stored (gating hears them), and a run the
 * train started tells the train how its gate or package pipeline went.
 */
import type { NewResult } from "../core/gates/index.js";
import type { PipelineRun } from "../core/runs/types.js";
import type { RepoRef } from "../core/types.js";
import type { JournalEntry } from "../store/store.js";
import { recordTrainEvent } from "./handle-gates.js";
import { gateOutcome, gatesOf, recordResult, type GateDeps } from "./process-gates.js";
import { trainEventOf } from "./train-runs.js";

export async function finishPipelineRun(run: PipelineRun, repo: RepoRef, entry: Pick<JournalEntry, "id" | "receivedAt">, gateDeps: GateDeps): Promise<void> {
  for (const result of pipelineResults(run)) await recordResult(repo, result, { ...gateDeps, source: `${entry.id}:${run.id}:${result.testcase}` });
  if (run.trigger.kind !== "train") return;
  const policy = run.trigger.name === "package" ? null : await gateOutcome(repo, "test_tag", run.sha, gateDeps);
  const waiting = run.trigger.name !== "package" && gatesOf(gateDeps.config).test_tag && !policy;
  const extra = policy ?? (waiting ? { name: "gates.test_tag", passed: false, summary: "required results are still missing or running" } : null);
  await recordTrainEvent(gateDeps.store, `train-run:${run.id}:${run.attempt}`, repo, trainEventOf(run, extra), entry.receivedAt);
}

/** A finished run's results: the pipeline as a whole, and each job that ran (`<pipeline>/<job>`). */
function pipelineResults(run: PipelineRun): NewResult[] {
  const outcomeOf = (status: string): NewResult["outcome"] | null =>
    status === "success" ? "PASSED" : status === "failed" || status === "timed_out" ? "FAILED" : status === "canceled" ? "ERROR" : null;
  const jobs = Object.entries(run.jobs).flatMap(([name, job]) => {
    const outcome = outcomeOf(job.status);
    return outcome ? [{ testcase: `${run.pipeline}/${name}`, outcome, refUrl: job.url ?? null }] : [];
  });
  const overall = { testcase: run.pipeline, outcome: outcomeOf(run.status) ?? "FAILED", refUrl: null };
  return [overall, ...jobs].map((r) => ({ ...r, item: run.sha, source: "pipeline", note: null }));
}
