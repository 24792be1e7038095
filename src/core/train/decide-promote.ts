/**
 * Step 4 of the train: a pre-release becomes the latest release, by the Promote button, the API,
 * or on its own after the soak; and with `enforce`, a hand promotion the gate forbids is undone.
 */
import { parseDuration } from "../../config/duration.js";
import { renderPromoteCheck } from "../render/train-check.js";
import type { TrainEffect } from "./effects.js";
import { canWrite, unchanged, type Actor, type MergedPr, type ReleaseFact, type TrainDecision, type TrainSetup, type TrainState } from "./state.js";
import { schemeOf } from "./train-steps.js";
import { forgetPrs, recordRelease, whereEffects } from "./where-comments.js";

/** The Promote button (`actor` set) or the HTTP API (`actor` null: the bearer token was checked). */
export interface PromoteRequestEvent {
  kind: "promoteRequest";
  tag: string;
  actor: Actor | null;
}

/** Re-judge a pre-release: it was published, its promote gate changed, or its soak may be over. */
export interface PromoteCheckEvent {
  kind: "promoteCheck";
  tag: string;
}

/** A person (not the app) edited the release; `prerelease` is its new flag. */
export interface ReleaseEditedEvent {
  kind: "releaseEdited";
  tag: string;
  prerelease: boolean;
  sender: string;
}

export interface PromoteFacts extends TrainSetup {
  release: ReleaseFact | null;
  /** The promote gate (gates.promote) on the release commit. */
  gate: { passed: boolean; summary: string };
  /** PRs in this release: merged since the previous release tag. */
  prs: MergedPr[];
  /** GitHub's current latest release, or null. */
  latestRelease: string | null;
}

/** Why the release cannot be promoted now, or null. The soak is only the automatic path's concern. */
export function promoteBlocker(facts: PromoteFacts, tag: string): string | null {
  const release = facts.release;
  if (!release) return `there is no release ${tag}`;
  if (release.draft) return `${tag} is still a draft: its package pipeline has not passed`;
  if (!release.prerelease) return `${tag} is already promoted`;
  if (facts.latestRelease && schemeOf(facts).compare(facts.latestRelease, tag) > 0) return `${facts.latestRelease} is newer and already the latest release`;
  if (!facts.gate.passed) return `the promote gate does not pass: ${facts.gate.summary}`;
  return null;
}

/** When the soak ends (ms), or null before the release is published. */
export function soakEndsAt(release: ReleaseFact, after: string): number | null {
  if (!release.publishedAt) return null;
  return Date.parse(release.publishedAt) + (parseDuration(after) ?? 0);
}

/** The API answers 200 when the decision holds an updateRelease effect, and the reason otherwise. */
export function decidePromoteRequest(state: TrainState, event: PromoteRequestEvent, facts: PromoteFacts, _now: Date): TrainDecision {
  const by = event.actor ? `@${event.actor.login}` : "the API";
  if (event.actor && !canWrite(event.actor)) return refuse(state, facts, `${by} pressed Promote, but promoting needs write permission`);
  const blocker = promoteBlocker(facts, event.tag);
  if (blocker) return refuse(state, facts, `not promoted: ${blocker}`);
  return promote(state, facts, facts.release!, `promoted by ${by}`);
}

export function decidePromoteCheck(state: TrainState, event: PromoteCheckEvent, facts: PromoteFacts, now: Date): TrainDecision {
  const release = facts.release;
  const blocker = promoteBlocker(facts, event.tag);
  if (!release || release.draft || !release.prerelease) return unchanged(state, blocker ?? `${event.tag} is not a pre-release`);
  const { after, auto } = facts.config.promote;
  const ends = soakEndsAt(release, after);
  const gateFacts = { repo: facts.repo, release, gatePassed: facts.gate.passed, gateSummary: facts.gate.summary };
  const check = renderPromoteCheck({ ...gateFacts, ...(blocker ? { note: `Not promoted: ${blocker}.`, blocked: true } : {}) });
  if (!auto) return { state, effects: [check], reason: blocker ?? `${event.tag} may be promoted by hand` };
  if (blocker) return { state, effects: [check], reason: `not promoted automatically: ${blocker}` };
  if (ends === null || now.getTime() < ends) {
    const wakeAt = new Date(ends ?? now.getTime()).toISOString();
    return { state, effects: [check], reason: `${event.tag} soaks until ${wakeAt}`, wakeAt };
  }
  return promote(state, facts, release, `promoted automatically after soaking ${after}`);
}

export function decideReleaseEdited(state: TrainState, event: ReleaseEditedEvent, facts: PromoteFacts, _now: Date): TrainDecision {
  const release = facts.release;
  if (event.prerelease || !release || release.draft) return unchanged(state, `${event.tag} edited; still a pre-release or draft`);
  if (facts.config.promote.enforce && !facts.gate.passed) {
    const note = `@${event.sender} un-checked pre-release, but the promote gate does not pass, so signalbox set it back (promote.enforce). ${facts.gate.summary}`;
    const effects: TrainEffect[] = [
      { kind: "updateRelease", repo: facts.repo, releaseId: release.id, tagName: release.tag, prerelease: true },
      renderPromoteCheck({ repo: facts.repo, release: { ...release, prerelease: true }, gatePassed: false, gateSummary: facts.gate.summary, note }),
    ];
    return { state, effects, reason: `enforce: ${event.tag} set back to pre-release; the promote gate fails` };
  }
  // Promoted by hand: the release is already final; only the check run and comments follow.
  const decision = promote(state, facts, release, `promoted by hand by @${event.sender}`);
  return { ...decision, effects: decision.effects.filter((effect) => effect.kind !== "updateRelease") };
}

function promote(state: TrainState, facts: PromoteFacts, release: ReleaseFact, how: string): TrainDecision {
  const scheme = schemeOf(facts);
  const testTag = facts.tags.find((t) => t.sha === release.sha && scheme.isTestTag(t.name) && scheme.releases(release.tag, t.name))?.name ?? release.tag;
  const known = { ...state, prStages: recordRelease(state, facts.prs, testTag, release.tag) };
  const effects: TrainEffect[] = [
    { kind: "updateRelease", repo: facts.repo, releaseId: release.id, tagName: release.tag, prerelease: false, makeLatest: "true" },
    renderPromoteCheck({
      repo: facts.repo,
      release: { ...release, prerelease: false },
      gatePassed: facts.gate.passed,
      gateSummary: facts.gate.summary,
      note: `${how[0]!.toUpperCase()}${how.slice(1)}.`,
      promoted: true,
    }),
    ...whereEffects(facts.prs, known, facts.repo, true),
  ];
  return { state: { ...state, prStages: forgetPrs(state, facts.prs) }, effects, reason: `${release.tag} ${how}` };
}

function refuse(state: TrainState, facts: PromoteFacts, why: string): TrainDecision {
  const release = facts.release;
  if (!release || release.draft || !release.prerelease) return unchanged(state, why);
  const blocked = promoteBlocker(facts, release.tag) !== null;
  const check = renderPromoteCheck({ repo: facts.repo, release, gatePassed: facts.gate.passed, gateSummary: facts.gate.summary, note: why, blocked });
  return { state, effects: [check], reason: why };
}
