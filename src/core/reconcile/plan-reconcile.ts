/**
 * The periodic reconcile, pure: from what GitHub shows and what the store holds, the journal
 * entries that rebuild what lost deliveries should have caused, each with the events the lost
 * delivery meant. Each id names what it
 * reconciles (`reconcile:<repo>:pr:<n>:<sha>`, ...), so passes on several replicas, or one pass
 * after another, record it once; the worker then handles it like the delivery it replaces.
 */
import { planPulls } from "./plan-pulls.js";
import { planRuns } from "./plan-runs.js";
import { planTrain } from "./plan-train.js";
import type { ReconcileEntry, ReconcileFacts } from "./types.js";

export type { ReconcileEntry, ReconcileFacts } from "./types.js";

/** Results first, so a job is finished from what GitHub has before anything times it out. */
export function planReconcile(repoKey: string, facts: ReconcileFacts): ReconcileEntry[] {
  const prefix = `reconcile:${repoKey}`;
  const entries = [...planRuns(facts, prefix), ...planPulls(facts, prefix), ...(facts.train ? planTrain(facts.train, facts, prefix) : [])];
  return [...new Map(entries.map((entry) => [entry.id, entry])).values()];
}
