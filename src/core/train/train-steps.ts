/** Steps several decisions share: render the train check, start the gate, create the test tag. */
import { renderTrainCheck } from "../render/train-check.js";
import type { UpsertCheckRunEffect } from "../types.js";
import { tagSchemeFor, type TagScheme } from "../versions/tag-scheme.js";
import type { TrainEffect } from "./effects.js";
import type { ReleaseHead, TrainDecision, TrainSetup, TrainState } from "./state.js";

export function schemeOf(setup: TrainSetup): TagScheme {
  return tagSchemeFor(setup.config.scheme);
}

export function trainCheck(head: ReleaseHead, state: TrainState, setup: TrainSetup): UpsertCheckRunEffect {
  const releaseTagToBe = head.testTag ? schemeOf(setup).releaseTagFor(head.testTag) : null;
  return renderTrainCheck(head, { repo: setup.repo, branch: setup.config.branch, paused: state.paused, releaseTagToBe });
}

/** A new release head: run the gate on it, ask for the test_tag policy, or tag it at once. */
export function gateOrTag(state: TrainState, head: ReleaseHead, setup: TrainSetup, now: Date, why: string): TrainDecision {
  const gate = setup.config.gate;
  if (gate === null && !setup.testTagPolicy) return beginTagging({ ...state, head }, setup, now, `${why}; no gate, tagging at once`);
  const running: ReleaseHead = { ...head, gate: { status: "running", nightly: false, at: now.toISOString(), outcomes: [] } };
  const next = { ...state, head: running };
  const start: TrainEffect = gate !== null
    ? { kind: "startPipeline", repo: setup.repo, pipeline: gate, sha: head.sha, ref: setup.config.branch, purpose: "gate" }
    : { kind: "evaluateGate", repo: setup.repo, context: "test_tag", sha: head.sha };
  const what = gate !== null ? `started gate ${gate}` : "evaluating the test_tag policy";
  return { state: next, effects: [start, trainCheck(running, next, setup)], reason: `${why}; ${what} on ${head.sha.slice(0, 7)}` };
}

/** Create the next test tag on the release head; `taken` adds names GitHub refused. */
export function beginTagging(state: TrainState, setup: TrainSetup, now: Date, why: string, taken: string[] = [], attempts = 1): TrainDecision {
  const head = state.head!;
  const existing = [...setup.tags.map((tag) => tag.name), ...taken];
  const labels = head.prs.flatMap((pr) => pr.labels);
  const name = testTagOn(setup, head.sha, taken) ?? schemeOf(setup).nextTestTag(existing, now, labels);
  const next: TrainState = { ...state, tagging: { sha: head.sha, name, attempts } };
  return {
    state: next,
    effects: [{ kind: "createTag", repo: setup.repo, name, sha: head.sha }, trainCheck(head, next, setup)],
    reason: `${why}; creating ${name} on ${head.sha.slice(0, 7)}`,
  };
}

/**
 * A test tag already on the commit: our own earlier attempt whose answer was lost (or a replay
 * of the same push). Creating it again answers "exists on the same SHA"; a new name would tag
 * the commit twice.
 */
function testTagOn(setup: TrainSetup, sha: string, taken: string[]): string | null {
  const scheme = schemeOf(setup);
  const names = setup.tags.filter((tag) => tag.sha === sha && scheme.isTestTag(tag.name) && !taken.includes(tag.name)).map((tag) => tag.name);
  return names.sort((a, b) => scheme.compare(b, a))[0] ?? null;
}

export function mergeEffect(setup: TrainSetup, sourceSha: string): TrainEffect {
  const { sourceBranch, config } = setup;
  return {
    kind: "mergeBranch",
    repo: setup.repo,
    base: config.branch,
    head: sourceSha,
    commitMessage: `Merge ${sourceBranch} (${sourceSha.slice(0, 7)}) into ${config.branch}\n\nMerged by the signalbox release train.`,
  };
}
