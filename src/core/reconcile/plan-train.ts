/**
 * The release train's share of the reconcile: catch up with pushes to the source branch it never
 * heard of, finish tagging a head it merged and gated, and promote pre-releases whose soak is over.
 * It never tags a commit the train did not produce: only the train's own release head, and only
 * while the release branch still holds it.
 */
import type { ReconcileEntry, TrainFacts } from "./types.js";

const ZERO_SHA = "0".repeat(40);

export function planTrain(train: TrainFacts, now: Date, settleMs: number, prefix: string): ReconcileEntry[] {
  return [...catchUp(train, now, settleMs, prefix), ...finishTagging(train, prefix), ...promoteDue(train, now, prefix)];
}

/** The source moved but the release branch never took it: the push was lost. */
function catchUp(train: TrainFacts, now: Date, settleMs: number, prefix: string): ReconcileEntry[] {
  const { state, sourceHead } = train;
  if (!sourceHead || train.sourceAhead === 0) return [];
  // Committed moments ago: its push may still be on the way.
  if (train.sourceCommittedAt && now.getTime() - Date.parse(train.sourceCommittedAt) < settleMs) return [];
  // Already on its way (queued while paused, or merging) or known to conflict: nothing was lost.
  if (state.pending.some((push) => push.sourceSha === sourceHead) || state.blocked?.sourceSha === sourceHead) return [];
  const payload = { ref: `refs/heads/${train.sourceBranch}`, before: train.releaseHead ?? ZERO_SHA, after: sourceHead, deleted: false, created: false, forced: false, commits: commitsOf(train) };
  return [{ id: `${prefix}:source:${sourceHead}`, name: "push", payload, why: `${train.sourceBranch} is ${train.sourceAhead} commit(s) ahead of ${train.releaseBranch}` }];
}

/** One commit listing every changed path; none when they are unknown (the push is then checked in full). */
function commitsOf(train: TrainFacts): Array<Record<string, unknown>> {
  if (!train.sourceChanges || !train.sourceHead) return [];
  return [{ id: train.sourceHead, added: [], modified: train.sourceChanges, removed: [] }];
}

/** The train merged and gated its head but the tag was never made (the answer was lost). */
function finishTagging(train: TrainFacts, prefix: string): ReconcileEntry[] {
  const head = train.state.head;
  if (!head || head.testTag || head.gate?.status !== "passed" || head.gate.nightly) return [];
  // Only the train's own head is ever tagged, never what people pushed on top of it; and not
  // once the branch no longer holds it (reset or force-pushed).
  if (!train.releaseHoldsHead) return [];
  const event = { kind: "gateResult", sha: head.sha, nightly: false, outcomes: head.gate.outcomes };
  return [{ id: `${prefix}:tag:${head.sha}`, name: "signalbox.train", payload: { event }, why: `release head ${head.sha.slice(0, 7)} passed its gate but was never tagged` }];
}

/** Pre-releases whose soak is over, for the train to judge (its promote gate still decides). */
function promoteDue(train: TrainFacts, now: Date, prefix: string): ReconcileEntry[] {
  const after = train.autoPromoteAfterMs;
  if (after === null) return [];
  return train.preReleases
    .filter((release) => Date.parse(release.publishedAt) + after <= now.getTime())
    .map((release) => ({
      id: `${prefix}:promote:${release.tag}`,
      name: "signalbox.train",
      payload: { event: { kind: "promoteCheck", tag: release.tag } },
      why: `pre-release ${release.tag} has soaked`,
    }));
}
