/** Step 1 of the train: a push to the source branch is merged into the release branch. */
import { renderBlockedIssue, renderConflictSummary, renderUnblockedComment } from "../render/train-blocked.js";
import { renderTrainProblem } from "../render/train-check.js";
import type { TrainEffect } from "./effects.js";
import type { MergedPr, ReleaseHead, TrainDecision, TrainSetup, TrainState } from "./state.js";
import { gateOrTag, mergeEffect } from "./train-steps.js";

/** A push to `source`, with the PRs it merged (from GitHub: the PRs associated with its commits). */
export interface SourcePushEvent {
  kind: "sourcePush";
  sha: string;
  prs: MergedPr[];
}

/** What POST /merges answered for `sourceSha`; `mergeSha` is the new release head on 201. */
export interface MergeResultEvent {
  kind: "mergeResult";
  sourceSha: string;
  status: 201 | 204 | 404 | 409;
  mergeSha?: string;
}

export interface MergeFacts extends TrainSetup {
  /** The open "Release train blocked" issue, or null. */
  openBlockingIssue: number | null;
}

export function decideSourcePush(state: TrainState, event: SourcePushEvent, facts: TrainSetup, _now: Date): TrainDecision {
  const next: TrainState = { ...state, pending: [...state.pending, { sourceSha: event.sha, prs: event.prs }] };
  const short = event.sha.slice(0, 7);
  if (state.paused) return { state: next, effects: [], reason: `train paused (${state.paused.reason}); queued ${short}` };
  return { state: next, effects: [mergeEffect(facts, event.sha)], reason: `merging ${facts.sourceBranch} ${short} into ${facts.config.branch}` };
}

export function decideMergeResult(state: TrainState, event: MergeResultEvent, facts: MergeFacts, now: Date): TrainDecision {
  // 1. The pushes this merge took along: every pending push up to and including this one.
  const index = state.pending.findIndex((push) => push.sourceSha === event.sourceSha);
  const landed = state.pending.slice(0, index + 1);
  const rest = state.pending.slice(index + 1);
  const prs = landed.flatMap((push) => push.prs);
  // 2. What the merge answered.
  if (event.status === 409) return conflict(state, event, facts, now);
  const unblock = closeBlocking(facts, event.sourceSha);
  const moved: TrainState = { ...state, pending: rest, blocked: null };
  // A merge recognised as one already made for this head (a push seen twice) is nothing new.
  const known = event.status === 201 && event.mergeSha !== undefined && event.mergeSha === state.head?.sha;
  if (event.status === 204 || known) {
    const head = state.head && !state.head.testTag ? { ...state.head, prs: [...state.head.prs, ...prs] } : state.head;
    return { state: { ...moved, head }, effects: unblock, reason: `nothing to merge: ${facts.config.branch} already has ${event.sourceSha.slice(0, 7)}` };
  }
  const sha = event.status === 404 ? event.sourceSha : event.mergeSha;
  if (!sha) throw new Error(`merge of ${event.sourceSha} answered 201 without the merge commit`);
  // 3. A new release head: the PRs of an untagged previous head ride along with it.
  const carried = state.head && !state.head.testTag ? state.head.prs : [];
  const head: ReleaseHead = { sha, prs: [...carried, ...prs], gate: null, testTag: null, releaseTag: null };
  const why = event.status === 404
    ? `${facts.config.branch} was missing; creating it at ${sha.slice(0, 7)}`
    : `merged ${event.sourceSha.slice(0, 7)} into ${facts.config.branch} as ${sha.slice(0, 7)}`;
  const decision = gateOrTag({ ...moved, tagging: null }, head, facts, now, why);
  const branch: TrainEffect[] = event.status === 404 ? [{ kind: "createBranch", repo: facts.repo, branch: facts.config.branch, sha }] : [];
  return { ...decision, effects: [...branch, ...unblock, ...decision.effects] };
}

function closeBlocking(facts: MergeFacts, sourceSha: string): TrainEffect[] {
  if (facts.openBlockingIssue === null) return [];
  return [{ kind: "closeIssue", repo: facts.repo, issueNumber: facts.openBlockingIssue, comment: renderUnblockedComment(sourceSha) }];
}

/** Loud once: a failed check run on the source commit, and one blocking issue while none is open. */
function conflict(state: TrainState, event: MergeResultEvent, facts: MergeFacts, now: Date): TrainDecision {
  const conflictFacts = { source: facts.sourceBranch, branch: facts.config.branch, sourceSha: event.sourceSha };
  const alreadyOpen = facts.openBlockingIssue !== null || state.blocked?.issueOpened === true;
  const effects: TrainEffect[] = [
    renderTrainProblem(facts.repo, event.sourceSha, `Merge conflict: not merged into ${facts.config.branch}`, renderConflictSummary(conflictFacts)),
  ];
  if (!alreadyOpen) effects.push({ kind: "openIssue", repo: facts.repo, ...renderBlockedIssue(conflictFacts) });
  const blocked = { sourceSha: event.sourceSha, at: state.blocked?.at ?? now.toISOString(), issueOpened: true };
  const reason = alreadyOpen
    ? `conflict merging ${event.sourceSha.slice(0, 7)}; blocking issue already open`
    : `conflict merging ${event.sourceSha.slice(0, 7)}; opening a blocking issue`;
  return { state: { ...state, blocked }, effects, reason };
}
