/**
 * A running job the reconcile found without a result for longer than it may wait: it times out,
 * so its check run concludes `timed_out` and offers the Re-run button instead of pending for ever.
 */
import { finishJob } from "../runs/advance-run.js";
import { activeRuns, advanceAll, type DecideContext, type RunDecision } from "../runs/run-context.js";
import type { JobTimeoutEvent } from "../runs/events.js";

export function decideJobTimeout(event: JobTimeoutEvent, ctx: DecideContext): RunDecision {
  const run = activeRuns(ctx.facts.runs).find((candidate) => candidate.id === event.runId);
  const job = run?.jobs[event.job];
  if (!run || job?.status !== "running" || job.startedAt !== event.startedAt) {
    return { runs: [], effects: [], reason: `job ${event.job} of run ${event.runId} is no longer waiting` };
  }
  const changed = structuredClone(run);
  const timedOut = changed.jobs[event.job]!;
  finishJob(timedOut, "timed_out", ctx.now);
  timedOut.reason = `no result within ${event.limit}`;
  return advanceAll([changed], ctx, `job ${event.job} of ${run.pipeline} timed out after ${event.limit} without a result`);
}
