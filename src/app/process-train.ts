/**
 * The release train: resolve what a webhook means to it into a train event, then decide → apply →
 * feed the answers (merge status, tag taken, release created) back as events, until it settles.
 */
import type { ConfigResult } from "../config/parse-config.js";
import type { StartPipelineEvent } from "../core/runs/events.js";
import * as train from "../core/train/index.js";
import type { TrainDecision, TrainEffect, TrainSetup, TrainState } from "../core/train/index.js";
import type { TrainEvent, TrainInput } from "../core/train/train-events.js";
import type { RepoRef } from "../core/types.js";
import { tagSchemeFor } from "../core/versions/tag-scheme.js";
import type { GitHubPort } from "../effects/github-port.js";
import type { EffectsRunner } from "../effects/runner.js";
import { applyTrainEffect, isTrainGitHubEffect, type TrainEffectResult, type TrainGitHubEffect } from "../effects/train-effects.js";
import type { TrainPort } from "../effects/train-port.js";
import type { MetricsObserver } from "../metrics/metrics.js";
import { formatTrainStep } from "../metrics/train-steps.js";
import type { EffectLog, Store } from "../store/store.js";
import { isActive } from "../core/gates/index.js";
import { decideContext, gateOutcome, gatesOf } from "./process-gates.js";
import { actorOf, BLOCKED_TITLE, loadTrainSetup, promoteFacts, releaseFacts } from "./train-facts.js";

export interface TrainDeps {
  port: GitHubPort;
  train: TrainPort;
  runner: EffectsRunner;
  effects: EffectLog;
  store: Store;
  config: ConfigResult;
  /** The default branch, when the webhook named it. */
  defaultBranch?: string;
  /** Starts a pipeline run for the train (its gate or package pipeline). */
  startPipeline: (event: StartPipelineEvent, source: string) => Promise<void>;
  metrics?: MetricsObserver;
}

/** A cap on decide → apply rounds; a train that has not settled by then is a bug worth an error. */
const MAX_ROUNDS = 20;

export async function processTrain(trigger: TrainInput, repo: RepoRef, entry: { id: string; receivedAt: Date }, deps: TrainDeps): Promise<string | null> {
  const setup = await loadTrainSetup(repo, deps.config, deps.port, deps.train, deps.defaultBranch);
  if (!setup) return null;
  let state = await deps.store.trains.get(repo);
  const first = await resolveTrigger(trigger, setup, deps);
  if (!first) return null;
  const queue: TrainEvent[] = [first];
  const reasons: string[] = [];
  let wake: train.TrainDecision["wakeAt"];
  let wakeEvent: TrainEvent | undefined;
  for (let round = 0; queue.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`release train did not settle after ${MAX_ROUNDS} steps`);
    const event = queue.shift()!;
    const current = state;
    const decision = await decideOnce(deps.effects, trainDecisionKey(entry.id, round), () => decideEvent(current, event, setup, entry.receivedAt, deps));
    state = decision.state;
    reasons.push(decision.reason);
    if (decision.wakeAt) [wake, wakeEvent] = [decision.wakeAt, event];
    queue.push(...(await applyEffects(decision.effects, `${entry.id}:train:${round}`, state, setup, deps)));
  }
  const wakeUp = wake && wakeEvent ? { at: new Date(wake), event: wakeEvent } : null;
  await deps.store.trains.save(repo, state, entry.receivedAt, wakeUp);
  return reasons.join("; ");
}

/** Turns what a webhook means to the train into its train event, or null when it means nothing here. */
async function resolveTrigger(trigger: TrainInput, setup: TrainSetup, deps: TrainDeps): Promise<TrainEvent | null> {
  const scheme = tagSchemeFor(setup.config.scheme);
  switch (trigger.kind) {
    case "branchPush": {
      if (trigger.branch !== setup.sourceBranch) return null;
      const base = /^0+$/.test(trigger.before) ? null : trigger.before;
      const prs = (await deps.train.mergedPullsBetween(setup.repo, base, trigger.after)).map(({ number, title, author, labels }) => ({ number, title, author, labels }));
      return { kind: "sourcePush", sha: trigger.after, prs };
    }
    case "tagPush":
      return scheme.claimsReleaseName(trigger.name) ? { kind: "releaseTagPush", name: trigger.name, sha: trigger.sha } : null;
    case "trainButton": {
      const actor = await actorOf(deps.port, setup.repo, trigger.sender);
      if (trigger.action === "release") return { kind: "releaseButton", sha: trigger.sha, actor };
      const tag = scheme.newestRelease(setup.tags.filter((t) => t.sha === trigger.sha).map((t) => t.name));
      return tag ? { kind: "promoteRequest", tag, actor } : null;
    }
    case "releaseChanged":
      if (trigger.action === "edited" || trigger.action === "released") {
        return { kind: "releaseEdited", tag: trigger.tag, prerelease: trigger.prerelease, sender: trigger.sender };
      }
      return trigger.action === "published" || trigger.action === "prereleased" ? { kind: "promoteCheck", tag: trigger.tag } : null;
    case "trainComment":
      return { kind: "trainCommand", ...trigger.command, issueNumber: trigger.issueNumber, commentId: trigger.commentId, actor: await actorOf(deps.port, setup.repo, trigger.sender) };
    case "promoteGateChanged":
      return promoteCheckOn(trigger.sha, setup);
    default:
      return trigger;
  }
}

/** A result `gates.promote` needs arrived for `sha`: judge its newest release again, if it has one. */
function promoteCheckOn(sha: string, setup: TrainSetup): TrainEvent | null {
  const tag = tagSchemeFor(setup.config.scheme).newestRelease(setup.tags.filter((t) => t.sha === sha).map((t) => t.name));
  return tag ? { kind: "promoteCheck", tag } : null;
}

async function decideEvent(
  state: TrainState,
  event: TrainEvent,
  setup: TrainSetup,
  now: Date,
  deps: TrainDeps,
): Promise<TrainDecision> {
  const promotePolicy = (sha: string) => promoteGate(setup.repo, sha, now, deps);
  const waiverEvidence = async (sha: string) =>
    (await deps.store.waivers.forItem(setup.repo, sha, now))
      .filter((w) => isActive(w, now))
      .map((w) => ({ name: w.testcase, passed: true, summary: `waived by @${w.by} until ${w.expiresAt.toISOString().slice(0, 10)}: ${w.reason}` }));
  switch (event.kind) {
    case "sourcePush":
      return train.decideSourcePush(state, event, setup, now);
    case "mergeResult":
      return train.decideMergeResult(state, event, { ...setup, openBlockingIssue: await deps.train.findOpenIssue(setup.repo, BLOCKED_TITLE) }, now);
    case "gateResult":
      return train.decideGateResult(state, event, setup, now);
    case "tagResult":
      return train.decideTagResult(state, event, setup, now);
    case "nightly":
      return train.decideNightly(state, event, setup, now);
    case "releaseButton":
      return train.decideReleaseButton(state, event, await releaseFacts(setup, state, event.sha, null, deps.train, waiverEvidence), now);
    case "releaseTagPush":
      return train.decideReleaseTagPush(state, event, await releaseFacts(setup, state, event.sha, event.name, deps.train, waiverEvidence), now);
    case "packageResult":
      return train.decidePackageResult(state, event, await releaseFacts(setup, state, event.sha, event.tag, deps.train, waiverEvidence, true), now);
    case "promoteRequest":
      return train.decidePromoteRequest(state, event, await promoteFacts(setup, state, event.tag, deps.train, promotePolicy), now);
    case "promoteCheck":
      return train.decidePromoteCheck(state, event, await promoteFacts(setup, state, event.tag, deps.train, promotePolicy), now);
    case "releaseEdited":
      return train.decideReleaseEdited(state, event, await promoteFacts(setup, state, event.tag, deps.train, promotePolicy), now);
    case "trainCommand":
      return train.decideTrainCommand(state, event, setup, now);
  }
}

/** `gates.promote` on a commit: null without a policy; not passed while results are missing. */
async function promoteGate(repo: RepoRef, sha: string, now: Date, deps: TrainDeps): Promise<{ passed: boolean; summary: string } | null> {
  const policy = gatesOf(deps.config).promote;
  if (!policy) return null;
  const decision = await decideContext(repo, "promote", policy, sha, { store: deps.store, now, port: deps.port });
  return { passed: decision.satisfied, summary: decision.summary };
}

/** Applies one round of effects; returns the events their answers mean for the train. */
async function applyEffects(effects: TrainEffect[], source: string, state: TrainState, setup: TrainSetup, deps: TrainDeps): Promise<TrainEvent[]> {
  const followUps: TrainEvent[] = [];
  for (const [index, effect] of effects.entries()) {
    const key = `${source}#${index}`;
    if (effect.kind === "startPipeline") {
      await deps.startPipeline(effect, key);
    } else if (effect.kind === "evaluateGate") {
      // Missing or running results: wait; the result that completes them re-evaluates the gate.
      const outcome = await gateOutcome(effect.repo, effect.context, effect.sha, { store: deps.store, config: deps.config, now: new Date(), port: deps.port });
      if (outcome) followUps.push({ kind: "gateResult", sha: effect.sha, nightly: false, outcomes: [outcome] });
    } else if (isTrainGitHubEffect(effect)) {
      const result = await once(deps.effects, key, effect.kind, () => applyTrainEffect(effect, deps.train).then((answer) => countStep(effect, answer, deps.metrics)));
      followUps.push(...followUpsOf(effect, result, state, setup));
    } else {
      await deps.runner.applyAll(key, [effect]);
    }
  }
  return followUps;
}

/** Counts a train step GitHub just carried out (a recorded answer replayed is not counted again). */
function countStep(effect: TrainGitHubEffect, answer: TrainEffectResult, metrics: MetricsObserver | undefined): TrainEffectResult {
  const step = formatTrainStep(effect, answer);
  if (step) metrics?.trainStep(...step);
  return answer;
}

/** Where the effect log keeps an entry's train decision of one round. */
export function trainDecisionKey(entryId: string, round: number): string {
  return `${entryId}:train:${round}:decision`;
}

/** The train decisions an entry made so far, in order (a failed entry's, to say where it stopped). */
export async function recordedTrainDecisions(log: EffectLog, entryId: string): Promise<TrainDecision[]> {
  const decisions: TrainDecision[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const recorded = await log.find(trainDecisionKey(entryId, round));
    if (!recorded) break;
    decisions.push(recorded.result as TrainDecision);
  }
  return decisions;
}

/**
 * A retried entry replays the decisions its earlier attempt made instead of deciding again on
 * facts its own half-applied effects have changed (a release it created, a tag it pushed): the
 * same effects come out, each recognised as done, and the train ends where it would have.
 */
async function decideOnce(log: EffectLog, key: string, decideNow: () => Promise<TrainDecision>): Promise<TrainDecision> {
  const recorded = await log.find(key);
  if (recorded) return recorded.result as TrainDecision;
  const decision = await decideNow();
  await log.record(key, "trainDecision", decision, new Date());
  return decision;
}

/** Applies an effect unless this key already applied it, returning the recorded answer. */
async function once(log: EffectLog, key: string, kind: string, apply: () => Promise<TrainEffectResult>): Promise<TrainEffectResult> {
  const recorded = await log.find(key);
  if (recorded) return recorded.result as TrainEffectResult;
  const result = await apply();
  await log.record(key, kind, result, new Date());
  return result;
}

function followUpsOf(effect: TrainEffect, result: TrainEffectResult, state: TrainState, setup: TrainSetup): TrainEvent[] {
  if (effect.kind === "mergeBranch" && result && "status" in result) {
    return [{ kind: "mergeResult", sourceSha: effect.head, status: result.status, ...(result.status === 201 ? { mergeSha: result.sha } : {}) }];
  }
  if (effect.kind === "createTag" && result && "ref" in result) {
    if (result.ref !== "exists-other-sha") setup.tags.push({ name: effect.name, sha: effect.sha });
    return state.tagging?.name === effect.name ? [{ kind: "tagResult", sha: effect.sha, name: effect.name, result: result.ref }] : [];
  }
  // A pre-release just became visible (created, or a draft published): judge it for promotion.
  const published = result && "release" in result && !result.release.draft && result.release.prerelease;
  const becameVisible = effect.kind === "createRelease" || (effect.kind === "updateRelease" && effect.draft === false);
  if (becameVisible && published) return [{ kind: "promoteCheck", tag: effect.tagName }];
  return [];
}
