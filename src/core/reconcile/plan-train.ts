/**
 * The release train's share of the reconcile: catch up with pushes to the source branch it never
 * heard of, finish tagging a head it merged and gated, and promote pre-releases whose soak is over.
 * It never tags a commit the train did not produce: only the train's own release head, and only
 * while the release branch still holds it.
 */
import { pushTouchesConfig } from "../config-check.js";
import type { Event } from "../events.js";
import type { PushEvent } from "../types.js";
import type { ReconcileEntry, ReconcileFacts, TrainFacts } from "./types.js";

const ZERO_SHA = "0".repeat(40);

export function planTrain(train: TrainFacts, facts: ReconcileFacts, prefix: string): ReconcileEntry[] {
  return [...catchUp(train, facts, prefix), ...finishTagging(train, prefix), ...promoteDue(train, facts.now, prefix)];
}

/** The source moved but the release branch never took it: the push was lost. */
function catchUp(train: TrainFacts, { now, settleMs, ...facts }: ReconcileFacts, prefix: string): ReconcileEntry[] {
  const { state, sourceHead } = train;
  if (!sourceHead || train.sourceAhead === 0) return [];
  // Committed moments ago: its push may still be on the way.
  if (train.sourceCommittedAt && now.getTime() - Date.parse(train.sourceCommittedAt) < settleMs) return [];
  // Already on its way (queued while paused, or merging) or known to conflict: nothing was lost.
  if (state.pending.some((push) => push.sourceSha === sourceHead) || state.blocked?.sourceSha === sourceHead) return [];
  const before = train.releaseHead ?? ZERO_SHA;
  const push: PushEvent = {
    kind: "push",
    repo: facts.repo,
    branch: train.sourceBranch,
    defaultBranch: facts.defaultBranch,
    before,
    after: sourceHead,
    changedPaths: [...new Set(train.sourceChanges ?? [])],
    // Unknown changed paths, or a branch the release never had: the push is checked in full.
    changesComplete: train.sourceChanges !== null && before !== ZERO_SHA,
    deleted: false,
    sender: "",
  };
  // What the lost push meant: the config check, the gates again if it changed the config, the
  // source branch's `on: push` pipelines, and the train.
  const events: Event[] = [
    push,
    ...(pushTouchesConfig(push) ? [{ kind: "gatesConfigChanged" as const }] : []),
    { kind: "refPush", repo: facts.repo, ref: "branch", name: train.sourceBranch, sha: sourceHead },
    { kind: "branchPush", branch: train.sourceBranch, before, after: sourceHead },
  ];
  return [{ id: `${prefix}:source:${sourceHead}`, events, why: `${train.sourceBranch} is ${train.sourceAhead} commit(s) ahead of ${train.releaseBranch}` }];
}

/** The train merged and gated its head but the tag was never made (the answer was lost). */
function finishTagging(train: TrainFacts, prefix: string): ReconcileEntry[] {
  const head = train.state.head;
  if (!head || head.testTag || head.gate?.status !== "passed" || head.gate.nightly) return [];
  // Only the train's own head is ever tagged, never what people pushed on top of it; and not
  // once the branch no longer holds it (reset or force-pushed).
  if (!train.releaseHoldsHead) return [];
  const event: Event = { kind: "gateResult", sha: head.sha, nightly: false, outcomes: head.gate.outcomes };
  return [{ id: `${prefix}:tag:${head.sha}`, events: [event], why: `release head ${head.sha.slice(0, 7)} passed its gate but was never tagged` }];
}

/** Pre-releases whose soak is over, for the train to judge (its promote gate still decides). */
function promoteDue(train: TrainFacts, now: Date, prefix: string): ReconcileEntry[] {
  const after = train.autoPromoteAfterMs;
  if (after === null) return [];
  return train.preReleases
    .filter((release) => Date.parse(release.publishedAt) + after <= now.getTime())
    .map((release) => ({
      id: `${prefix}:promote:${release.tag}`,
      events: [{ kind: "promoteCheck" as const, tag: release.tag }],
      why: `pre-release ${release.tag} has soaked`,
    }));
}
