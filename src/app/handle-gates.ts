/**
 * Gate events: a result stored (from a webhook) or posted (through the API) re-evaluates the gate
 * check runs it concerns, and tells the train when its `test_tag` or `promote` gate may have moved.
 */
import { matchGlob } from "../core/glob/match-glob.js";
import type { ResultPostedEvent, ResultReportedEvent } from "../core/gates/events.js";
import type { TrainEvent, TrainInput } from "../core/train/train-events.js";
import type { RepoRef } from "../core/types.js";
import { recordEvent } from "../intake/journal-event.js";
import type { JournalEntry, Store } from "../store/store.js";
import { gateOutcome, gatesOf, recordResult, reevaluateGates, type GateDeps } from "./process-gates.js";

type EntryRef = Pick<JournalEntry, "id" | "receivedAt">;

export async function handleResultReported(event: ResultReportedEvent, repo: RepoRef, entry: EntryRef, deps: GateDeps): Promise<string[]> {
  const { result } = event;
  return [await recordResult(repo, result, deps), ...(await trainGateFollowUp(repo, result.item, entry, deps)), ...(await promoteGateFollowUp(repo, result, entry, deps))];
}

/** A result posted to the API is stored already; its gates are re-evaluated here, in order. */
export async function handleResultPosted(event: ResultPostedEvent, repo: RepoRef, entry: EntryRef, deps: GateDeps): Promise<string[]> {
  await reevaluateGates(repo, event.testcase, event.item, deps);
  return [`gates re-evaluated for ${event.testcase} on ${event.item.slice(0, 7)}`, ...(await trainGateFollowUp(repo, event.item, entry, deps)), ...(await promoteGateFollowUp(repo, event, entry, deps))];
}

/** A result on the release head whose `test_tag` gate the train is waiting for: tell the train. */
async function trainGateFollowUp(repo: RepoRef, item: string, entry: EntryRef, deps: GateDeps): Promise<string[]> {
  // With a gate pipeline, the pipeline's result carries the policy's verdict (see handle-runs.ts).
  if (deps.config.config.train?.gate) return [];
  const head = (await deps.store.trains.get(repo)).head;
  if (!head || head.sha !== item || head.gate?.status !== "running" || head.testTag) return [];
  const outcome = await gateOutcome(repo, "test_tag", item, deps);
  if (!outcome) return [];
  await recordTrainEvent(deps.store, `gate-policy:${entry.id}`, repo, { kind: "gateResult", sha: item, nightly: false, outcomes: [outcome] }, entry.receivedAt);
  return [`test_tag gate ${outcome.passed ? "passed" : "failed"} on ${item.slice(0, 7)}`];
}

/**
 * A result `gates.promote` requires may change whether a pre-release on its commit may be promoted:
 * ask the train to judge it again, so the Promote button appears once the gate passes.
 */
async function promoteGateFollowUp(repo: RepoRef, result: { testcase: string; item: string }, entry: EntryRef, deps: GateDeps): Promise<string[]> {
  const policy = gatesOf(deps.config).promote;
  if (!deps.config.config.train || !policy?.require.some((glob) => matchGlob(result.testcase, glob))) return [];
  await recordTrainEvent(deps.store, `promote-gate:${entry.id}`, repo, { kind: "promoteGateChanged", sha: result.item }, entry.receivedAt);
  return [`promote gate re-checked on ${result.item.slice(0, 7)}`];
}

/** Journals a train event (a gate or package result) so the worker delivers it in order. */
export async function recordTrainEvent(store: Store, id: string, repo: RepoRef, event: TrainEvent | TrainInput, receivedAt: Date): Promise<void> {
  await recordEvent(store.journal, { id, repo, event, receivedAt });
}
