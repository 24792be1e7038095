/**
 * Step 3 of the train: a release tag (from the Release button or pushed by a maintainer) becomes
 * a GitHub pre-release, through a draft while a `package` pipeline builds its assets.
 */
import { renderReleaseNotes } from "../render/release-notes.js";
import { renderTrainProblem } from "../render/train-check.js";
import { previousReleaseTag } from "../versions/tag-scheme.js";
import type { TrainEffect } from "./effects.js";
import { canWrite, unchanged, type Actor, type GateOutcome, type MergedPr, type ReleaseFact, type TrainDecision, type TrainSetup, type TrainState } from "./state.js";
import { schemeOf, trainCheck } from "./train-steps.js";
import { recordRelease, whereEffects } from "./where-comments.js";

export interface ReleaseButtonEvent {
  kind: "releaseButton";
  sha: string;
  actor: Actor;
}

/** Someone other than the app pushed a tag the scheme claims as a release tag. */
export interface ReleaseTagPushEvent {
  kind: "releaseTagPush";
  name: string;
  sha: string;
}

export interface PackageResultEvent {
  kind: "packageResult";
  tag: string;
  sha: string;
  passed: boolean;
  url?: string;
}

export interface ReleaseFacts extends TrainSetup {
  /** PRs merged since the previous release tag (see planRelease). */
  prs: MergedPr[];
  /** The required results on the commit, with links, for the notes. */
  evidence: GateOutcome[];
  /** The GitHub release of this tag, if one exists (drafts included). */
  release: ReleaseFact | null;
}

export interface ReleasePlan {
  testTag: string;
  releaseTag: string;
  previousTag: string | null;
}

/** Which release the commit's newest test tag leads to; the lead gathers ReleaseFacts from it. */
export function planRelease(setup: TrainSetup, sha: string): ReleasePlan | { error: string } {
  const scheme = schemeOf(setup);
  const testTags = setup.tags.filter((tag) => tag.sha === sha && scheme.isTestTag(tag.name)).map((tag) => tag.name);
  const testTag = testTags.sort(scheme.compare).at(-1);
  if (!testTag) return { error: `\`${sha.slice(0, 7)}\` has no test tag; only a tagged commit can be released` };
  const releaseTag = scheme.releaseTagFor(testTag)!;
  return { testTag, releaseTag, previousTag: previousReleaseTag(scheme, setup.tags.map((tag) => tag.name), releaseTag) };
}

export function decideReleaseButton(state: TrainState, event: ReleaseButtonEvent, facts: ReleaseFacts, now: Date): TrainDecision {
  const refuse = (why: string) => noteOnHead(state, facts, event.sha, why);
  if (!canWrite(event.actor)) return refuse(`@${event.actor.login} pressed Release, but releasing needs write permission.`);
  const plan = planRelease(facts, event.sha);
  if ("error" in plan) return refuse(`Release pressed, but ${plan.error}.`);
  const existing = facts.tags.find((tag) => tag.name === plan.releaseTag);
  if (existing && existing.sha !== event.sha) return refuse(`${plan.releaseTag} already exists on ${existing.sha.slice(0, 7)}; it was not moved.`);
  if (existing && facts.release) return unchanged(state, `${plan.releaseTag} is already released`);
  const decision = releaseFrom(state, facts, plan, event.sha, now);
  const tag: TrainEffect[] = existing ? [] : [{ kind: "createTag", repo: facts.repo, name: plan.releaseTag, sha: event.sha }];
  return { ...decision, effects: [...tag, ...decision.effects], reason: `@${event.actor.login} released: ${decision.reason}` };
}

export function decideReleaseTagPush(state: TrainState, event: ReleaseTagPushEvent, facts: ReleaseFacts, now: Date): TrainDecision {
  const scheme = schemeOf(facts);
  if (!scheme.claimsReleaseName(event.name)) return unchanged(state, `${event.name} is not a release tag`);
  const invalid = (because: string): TrainDecision => {
    const summary = [
      `signalbox made no release for \`${event.name}\` because ${because}.`,
      "",
      `To release, delete this tag (\`git push --delete origin ${event.name}\`) and tag the commit of a test tag`,
      "with the matching release name, or press **Release** on the `signalbox/train` check run of a tagged commit.",
    ].join("\n");
    const check = renderTrainProblem(facts.repo, event.sha, `${event.name} is not a valid release tag`, summary);
    return { state, effects: [check], reason: `invalid release tag ${event.name}: ${because}` };
  };
  const nameProblem = scheme.explainReleaseName(event.name);
  if (nameProblem) return invalid(nameProblem);
  const tests = facts.tags.filter((tag) => scheme.isTestTag(tag.name) && scheme.releases(event.name, tag.name));
  const onCommit = tests.filter((tag) => tag.sha === event.sha).map((tag) => tag.name).sort(scheme.compare).at(-1);
  if (!onCommit) {
    const elsewhere = tests[0];
    if (!elsewhere) return invalid(`${scheme.describeTestTagFor(event.name)} does not exist`);
    return invalid(`\`${elsewhere.name}\` is on \`${elsewhere.sha.slice(0, 7)}\`, not on \`${event.sha.slice(0, 7)}\` where \`${event.name}\` points`);
  }
  if (facts.release) return unchanged(state, `${event.name} already has a release`);
  const previousTag = previousReleaseTag(scheme, facts.tags.map((tag) => tag.name), event.name);
  return releaseFrom(state, facts, { testTag: onCommit, releaseTag: event.name, previousTag }, event.sha, now);
}

/** Create the release: a pre-release at once, or a draft while the package pipeline runs. */
function releaseFrom(state: TrainState, facts: ReleaseFacts, plan: ReleasePlan, sha: string, _now: Date): TrainDecision {
  const body = renderReleaseNotes({ tag: plan.releaseTag, previousTag: plan.previousTag, prs: facts.prs, evidence: facts.evidence });
  const draft = facts.packagePipeline !== null;
  const effects: TrainEffect[] = [
    { kind: "createRelease", repo: facts.repo, tagName: plan.releaseTag, name: plan.releaseTag, body, prerelease: true, draft, makeLatest: "false" },
  ];
  let next: TrainState = state;
  if (state.head?.sha === sha) next = { ...next, head: { ...state.head, releaseTag: plan.releaseTag, note: undefined } };
  if (draft) {
    effects.push({ kind: "startPipeline", repo: facts.repo, pipeline: facts.packagePipeline!, sha, ref: plan.releaseTag, purpose: "package" });
  } else {
    next = { ...next, prStages: recordRelease(next, facts.prs, plan.testTag, plan.releaseTag) };
    effects.push(...whereEffects(facts.prs, next, facts.repo));
  }
  if (next.head?.sha === sha) effects.push(trainCheck(next.head, next, facts));
  const how = draft ? `draft release ${plan.releaseTag}; packaging with ${facts.packagePipeline}` : `pre-release ${plan.releaseTag}`;
  return { state: next, effects, reason: how };
}

export function decidePackageResult(state: TrainState, event: PackageResultEvent, facts: ReleaseFacts, _now: Date): TrainDecision {
  const release = facts.release;
  if (!release) return unchanged(state, `no release for ${event.tag}; nothing to publish`);
  if (!release.draft) return unchanged(state, `${event.tag} is already published`);
  if (!event.passed) {
    const summary =
      `The \`${facts.packagePipeline ?? "package"}\` pipeline failed for \`${event.tag}\`, so its release stays a draft. ` +
      "Fix the build and re-run the pipeline; signalbox publishes the pre-release when it passes.";
    return { state, effects: [renderTrainProblem(facts.repo, event.sha, `Packaging ${event.tag} failed`, summary)], reason: `package pipeline failed; ${event.tag} stays a draft` };
  }
  const scheme = schemeOf(facts);
  const testTag = facts.tags.find((tag) => tag.sha === event.sha && scheme.isTestTag(tag.name) && scheme.releases(event.tag, tag.name))?.name ?? event.tag;
  const next: TrainState = { ...state, prStages: recordRelease(state, facts.prs, testTag, event.tag) };
  const publish: TrainEffect = { kind: "updateRelease", repo: facts.repo, releaseId: release.id, tagName: event.tag, draft: false, prerelease: true };
  return { state: next, effects: [publish, ...whereEffects(facts.prs, next, facts.repo)], reason: `packaged; published ${event.tag} as a pre-release` };
}

/** Say on the release head's check run why a button press did nothing. */
function noteOnHead(state: TrainState, facts: TrainSetup, sha: string, note: string): TrainDecision {
  if (state.head?.sha !== sha) return unchanged(state, note);
  const next: TrainState = { ...state, head: { ...state.head, note } };
  return { state: next, effects: [trainCheck(next.head!, next, facts)], reason: note };
}
