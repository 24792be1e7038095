/**
 * The release train: resolve what a webhook means to it into a train event, then decide → apply →
 * feed the answers (merge status, tag taken, release created) back as events, until it settles.
 */
import type { ConfigResult } from "../config/parse-config.js";
import type { StartPipelineEvent } from "../core/runs/events.js";
import * as train from "../core/train/index.js";
import type { TrainDecision, TrainEffect, TrainSetup, TrainState } from "../core/train/index.js";
import type { TrainEvent, TrainInput } from "../core/train/train-events.js";
import type { PipelineEffect, RepoRef } from "../core/types.js";
import { tagSchemeFor } from "../core/versions/tag-scheme.js";
import type { GitHubPort } from "../effects/github-port.js";
import type { EffectsRunner, LocalEffectHandlers, ResultOf } from "../effects/runner.js";
import type { TrainPort } from "../effects/train-port.js";
import type { EffectLog, Store } from "../store/store.js";
import { isActive } from "../core/gates/index.js";
import { decideContext, gateOutcome, gatesOf } from "./process-gates.js";
import { actorOf, BLOCKED_TITLE, loadTrainSetup, promoteFacts, releaseFacts } from "./train-facts.js";

export interface TrainDeps {
  port: GitHubPort;
  train: TrainPort;
  /** Applies the train's effects; the train's port and the entry's pipeline and gate handlers join it here. */
  runner: EffectsRunner;
  store: Store;
  config: ConfigResult;
  /** The default branch, when the webhook named it. */
  defaultBranch?: string;
  /** Starts a pipeline run for the train (its gate or package pipeline). */
  startPipeline: (event: StartPipelineEvent, source: string) => Promise<void>;
}

/** A cap on decide → apply rounds; a train that has not settled by then is a bug worth an error. */
const MAX_ROUNDS = 20;

export async function processTrain(trigger: TrainInput, repo: RepoRef, entry: { id: string; receivedAt: Date }, deps: TrainDeps): Promise<string | null> {
  const setup = await loadTrainSetup(repo, deps.config, deps.port, deps.train, deps.defaultBranch);
  if (!setup) return null;
  let state = await deps.store.trains.get(repo);
  const first = await resolveTrigger(trigger, setup, deps);
  if (!first) return null;
  const runner = deps.runner.forEntry({ train: deps.train, local: localEffectsOf(deps) });
  const queue: TrainEvent[] = [first];
  const reasons: string[] = [];
  let wake: train.TrainDecision["wakeAt"];
  let wakeEvent: TrainEvent | undefined;
  for (let round = 0; queue.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`release train did not settle after ${MAX_ROUNDS} steps`);
    const event = queue.shift()!;
    const current = state;
    const decision = await runner.decideOnce(trainDecisionKey(entry.id, round), "trainDecision", () => decideEvent(current, event, setup, entry.receivedAt, deps));
    state = decision.state;
    reasons.push(decision.reason);
    if (decision.wakeAt) [wake, wakeEvent] = [decision.wakeAt, event];
    queue.push(...(await applyEffects(decision.effects, `${entry.id}:train:${round}`, state, setup, runner)));
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

/** The train's own effects: the gate or package pipeline it starts, and the gate policy it asks. */
function localEffectsOf(deps: TrainDeps): LocalEffectHandlers {
  return {
    startPipeline: (effect, key) => deps.startPipeline(effect, key),
    evaluateGate: (effect, now) => gateOutcome(effect.repo, effect.context, effect.sha, { store: deps.store, config: deps.config, now, port: deps.port }),
  };
}

/** Applies one round of effects through the runner; returns the events their answers mean for the train. */
async function applyEffects(effects: TrainEffect[], source: string, state: TrainState, setup: TrainSetup, runner: EffectsRunner): Promise<TrainEvent[]> {
  const followUps: TrainEvent[] = [];
  for (const [index, effect] of effects.entries()) {
    const key = `${source}#${index}`;
    // Check runs, comments and reactions are keyed as a list the runner applies (a comment's marker is made from its key).
    const result = isPipelineEffect(effect) ? (await runner.applyAll(key, [effect]))[0]! : await runner.apply(key, effect);
    followUps.push(...followUpsOf(effect, result, state, setup));
  }
  return followUps;
}

function isPipelineEffect(effect: TrainEffect): effect is Extract<TrainEffect, PipelineEffect> {
  return effect.kind === "upsertCheckRun" || effect.kind === "comment" || effect.kind === "react";
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

function followUpsOf(effect: TrainEffect, result: ResultOf<TrainEffect>, state: TrainState, setup: TrainSetup): TrainEvent[] {
  // Missing or running results answer no gate: the result that completes them re-evaluates it.
  if (effect.kind === "evaluateGate" && result && "gate" in result && result.gate) {
    return [{ kind: "gateResult", sha: effect.sha, nightly: false, outcomes: [result.gate] }];
  }
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
