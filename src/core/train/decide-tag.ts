/** Step 2 of the train: the gate's result tags the release head `test-…`; nightly re-runs the gate. */
import { renderTrainProblem } from "../render/train-check.js";
import type { TrainEffect } from "./effects.js";
import { unchanged, type GateOutcome, type ReleaseHead, type TrainDecision, type TrainSetup, type TrainState } from "./state.js";
import { beginTagging, trainCheck } from "./train-steps.js";
import { whereEffects } from "./where-comments.js";

/** The gate pipeline and/or the test_tag policy finished on `sha`. */
export interface GateResultEvent {
  kind: "gateResult";
  sha: string;
  outcomes: GateOutcome[];
  nightly: boolean;
}

/** What creating the tag answered: a name taken on the same commit counts as done. */
export interface TagResultEvent {
  kind: "tagResult";
  sha: string;
  name: string;
  result: "created" | "exists-same-sha" | "exists-other-sha";
}

export interface NightlyEvent {
  kind: "nightly";
}

/** Names tried before the train gives up and says so. */
export const MAX_TAG_ATTEMPTS = 10;

export function decideGateResult(state: TrainState, event: GateResultEvent, facts: TrainSetup, now: Date): TrainDecision {
  const head = state.head;
  // A newer head superseded this one; tagging it now would put the newest tag on older code.
  if (!head || head.sha !== event.sha) return unchanged(state, `gate result for ${event.sha.slice(0, 7)}, which is no longer the release head`);
  const passed = event.outcomes.length > 0 && event.outcomes.every((outcome) => outcome.passed);
  const gate = { status: passed ? "passed" : "failed", nightly: event.nightly, at: now.toISOString(), outcomes: event.outcomes } as const;
  const next: TrainState = { ...state, head: { ...head, gate } };
  const label = event.nightly ? "nightly gate" : "gate";
  if (!passed) {
    const failed = event.outcomes.filter((outcome) => !outcome.passed).map((outcome) => outcome.name);
    return { state: next, effects: [trainCheck(next.head!, next, facts)], reason: `${label} failed (${failed.join(", ") || "no results"}); not tagged` };
  }
  if (head.testTag) return { state: next, effects: [trainCheck(next.head!, next, facts)], reason: `${label} passed; already tagged ${head.testTag}` };
  if (state.tagging?.sha === head.sha) return { state: next, effects: [], reason: `${label} passed; ${state.tagging.name} is being created` };
  return beginTagging(next, facts, now, `${label} passed`);
}

export function decideTagResult(state: TrainState, event: TagResultEvent, facts: TrainSetup, now: Date): TrainDecision {
  const tagging = state.tagging;
  if (!tagging || tagging.name !== event.name || tagging.sha !== event.sha) return unchanged(state, `no tag ${event.name} was being created`);
  if (event.result === "exists-other-sha") return retryTag(state, tagging, facts, now);
  const head = state.head;
  if (!head || head.sha !== event.sha) return unchanged({ ...state, tagging: null }, `tagged ${event.name}; the release head has moved on`);
  const tagged: ReleaseHead = { ...head, testTag: event.name, note: undefined };
  const prStages = { ...state.prStages };
  for (const pr of head.prs) prStages[String(pr.number)] = { testTag: event.name, pr };
  const next: TrainState = { ...state, head: tagged, tagging: null, prStages };
  const comments = whereEffects(head.prs, next, facts.repo);
  return { state: next, effects: [trainCheck(tagged, next, facts), ...comments], reason: `tagged ${event.name} on ${event.sha.slice(0, 7)}` };
}

function retryTag(state: TrainState, tagging: NonNullable<TrainState["tagging"]>, facts: TrainSetup, now: Date): TrainDecision {
  const why = `${tagging.name} already exists on another commit`;
  if (tagging.attempts >= MAX_TAG_ATTEMPTS) {
    const summary = `${why}, and so did the ${MAX_TAG_ATTEMPTS - 1} names after it. Look for tags created outside signalbox, then comment \`/train resume\`.`;
    const effects: TrainEffect[] = [renderTrainProblem(facts.repo, tagging.sha, "Could not find a free test tag name", summary)];
    return { state: { ...state, tagging: null }, effects, reason: `${why}; gave up after ${tagging.attempts} names` };
  }
  // The refused name is taken, so the next one is computed past it.
  return beginTagging(state, facts, now, why, [tagging.name], tagging.attempts + 1);
}

/** Re-run the gate on the release head; its result comes back as a nightly GateResultEvent. */
export function decideNightly(state: TrainState, _event: NightlyEvent, facts: TrainSetup, now: Date): TrainDecision {
  const head = state.head;
  const gate = facts.config.gate;
  if (!head) return unchanged(state, "no release head yet; nothing to re-test");
  if (gate === null && !facts.testTagPolicy) return unchanged(state, "no gate configured; nothing to re-run");
  if (head.gate?.status === "running") return unchanged(state, `the gate is already running on ${head.sha.slice(0, 7)}`);
  const running: ReleaseHead = { ...head, gate: { status: "running", nightly: true, at: now.toISOString(), outcomes: [] } };
  const next: TrainState = { ...state, head: running };
  const start: TrainEffect = gate !== null
    ? { kind: "startPipeline", repo: facts.repo, pipeline: gate, sha: head.sha, ref: facts.config.branch, purpose: "nightly" }
    : { kind: "evaluateGate", repo: facts.repo, context: "test_tag", sha: head.sha };
  return { state: next, effects: [start, trainCheck(running, next, facts)], reason: `nightly: re-running the gate on ${head.sha.slice(0, 7)}` };
}
