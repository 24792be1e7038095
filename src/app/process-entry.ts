/**
 * Processes one journaled delivery (a webhook, or a timer's or the API's synthetic entry):
 * translate → gather facts → decide → apply effects, for each part of signalbox it concerns.
 */
import { matchGlob } from "../core/glob/match-glob.js";
import { pushTouchesConfig } from "../core/config-check.js";
import { decide, factsNeeded, type FactRequest, type Facts } from "../core/decide.js";
import type { NewResult } from "../core/gates/index.js";
import type { StartPipelineEvent } from "../core/runs/events.js";
import type { PipelineRun } from "../core/runs/types.js";
import { repoKey, type DomainEvent, type RepoRef } from "../core/types.js";
import type { GitHubPortFactory } from "../effects/github-port.js";
import type { EffectsRunner } from "../effects/runner.js";
import { isLoopingOwnEvent } from "../intake/github/own-events.js";
import { repoOf, translateWebhook } from "../intake/github/translate.js";
import { translateRunEvent } from "../intake/github/translate-runs.js";
import { translateTrain } from "../intake/github/translate-train.js";
import type { TrainPort } from "../effects/train-port.js";
import type { MetricsObserver } from "../metrics/metrics.js";
import type { JournalEntry, JournalOutcome, Store } from "../store/store.js";
import type { ConfigFacts } from "./config-facts.js";
import { processRunEvent, type RunDeps } from "./process-runs.js";
import {
  gateOutcome,
  gatesOf,
  processWaiveButton,
  processWaiveComment,
  recordResult,
  reevaluateGates,
  reevaluateRecentGates,
  resultOfWebhook,
  WAIVE_ACTION,
  type GateDeps,
} from "./process-gates.js";
import { processTrain } from "./process-train.js";
import { processConfigPullRequest } from "./config-pull-request.js";
import { trainEventOf } from "./train-runs.js";

export interface ProcessDeps {
  github: GitHubPortFactory;
  runner: EffectsRunner;
  /** The app's own bot login (e.g. "signalbox[bot]"), so events it caused are recognised. */
  botLogin: () => Promise<string | null>;
  store: Store;
  configs: ConfigFacts;
  /** The release train's GitHub calls, per installation. */
  trains: (installationId: number) => Promise<TrainPort>;
  /** Counts pipeline, train and gate outcomes. */
  metrics?: MetricsObserver;
}

export interface ProcessResult {
  outcome: JournalOutcome;
  detail: string;
}

export async function processEntry(entry: JournalEntry, deps: ProcessDeps): Promise<ProcessResult> {
  // 1. drop the app's own events that would loop; 2. the config check (decide → effects);
  // 3. pipeline runs and 4. the release train (each with its own facts, decision and effects).
  const payload = (entry.payload ?? {}) as Record<string, unknown>;
  const own = await isOwnEvent(payload, deps);
  if (own && isLoopingOwnEvent(entry.name, payload.action)) {
    return { outcome: "ignored", detail: `${entry.name}: caused by signalbox itself` };
  }
  const event = translateWebhook(entry.name, payload);
  const facts = await gatherFacts(factsNeeded(event), deps);
  const decision = decide(event, facts);
  await deps.runner.applyAll(entry.id, decision.effects);
  const details = event.kind === "ignored" && decision.effects.length === 0 ? [] : [decision.reason];
  const repo = repoOf(payload);
  if (repo) details.push(...(await processRepoEvent(entry, payload, repo, deps, { own, configChanged: event.kind === "push" && pushTouchesConfig(event) })));
  if (details.length === 0) return { outcome: outcomeOf(event, 0), detail: decision.reason };
  return { outcome: "done", detail: details.join("; ") };
}

/**
 * Pipeline runs and the release train, each deciding on its own facts. `own`: signalbox caused
 * the event; the train acted on what it made when it made it, so only pipelines see it.
 * `configChanged`: a push changed the config, so gate check runs are decided again.
 */
async function processRepoEvent(entry: JournalEntry, payload: Record<string, unknown>, repo: RepoRef, deps: ProcessDeps, cause: { own: boolean; configChanged: boolean }): Promise<string[]> {
  const { own, configChanged } = cause;
  const runEvent = translateRunEvent(entry.name, payload, repo);
  const trainTrigger = own ? null : translateTrain(entry.name, payload);
  // The board stored its build as a result when it was reported; GitHub's echo of the commit
  // status signalbox mirrored from it is not a second result.
  const result = own && entry.name === "status" ? null : resultOfWebhook(entry.name, payload);
  // A result posted to the API is stored already; its gates are re-evaluated here, in order.
  const posted = entry.name === "signalbox.result" ? (payload.result as { testcase: string; item: string }) : null;
  const waive = entry.name === "issue_comment" && /^\/(un)?waive\b/m.test(String((payload.comment as { body?: unknown } | undefined)?.body ?? ""));
  const waiveButton = entry.name === "check_run" && (payload.requested_action as { identifier?: unknown } | undefined)?.identifier === WAIVE_ACTION;
  const configPr = entry.name === "pull_request";
  if (!runEvent && !trainTrigger && !result && !waive && !posted && !waiveButton && !configPr && !configChanged) return [];
  const port = await deps.github(repo.installationId);
  const config = await deps.configs.load(port, repo);
  const gateDeps: GateDeps = { port, runner: deps.runner, store: deps.store, config, now: entry.receivedAt, source: entry.id, metrics: deps.metrics };
  const details: string[] = [];
  if (result) details.push(await recordResult(repo, result, gateDeps), ...(await trainGateFollowUp(repo, result.item, entry, gateDeps)), ...(await promoteGateFollowUp(repo, result, entry, gateDeps)));
  if (posted) {
    await reevaluateGates(repo, posted.testcase, posted.item, gateDeps);
    details.push(`gates re-evaluated for ${posted.testcase} on ${posted.item.slice(0, 7)}`, ...(await trainGateFollowUp(repo, posted.item, entry, gateDeps)), ...(await promoteGateFollowUp(repo, posted, entry, gateDeps)));
  }
  if (configChanged) details.push(`gates re-decided on ${await reevaluateRecentGates(repo, gateDeps)} recent items`);
  if (configPr) details.push(...[await processConfigPullRequest(payload, repo, deps.configs, gateDeps)].filter((d): d is string => d !== null));
  if (waiveButton) details.push((await processWaiveButton(payload, repo, gateDeps)) ?? "no waive button");
  if (waive) details.push((await processWaiveComment(payload, repo, gateDeps)) ?? "no waive command");
  const runDeps: RunDeps = {
    port,
    runner: deps.runner,
    runs: deps.store.runs,
    comments: deps.store,
    configs: deps.configs,
    metrics: deps.metrics,
    onRunFinished: async (run) => {
      for (const result of pipelineResults(run)) await recordResult(repo, result, { ...gateDeps, source: `${entry.id}:${run.id}:${result.testcase}` });
      if (run.trigger.kind !== "train") return;
      const policy = run.trigger.name === "package" ? null : await gateOutcome(repo, "test_tag", run.sha, gateDeps);
      const waiting = run.trigger.name !== "package" && gatesOf(config).test_tag && !policy;
      const extra = policy ?? (waiting ? { name: "gates.test_tag", passed: false, summary: "required results are still missing or running" } : null);
      await recordTrainEntry(deps.store, `train-run:${run.id}:${run.attempt}`, repo, trainEventOf(run, extra), entry.receivedAt);
    },
  };
  if (runEvent) details.push(await processRunEvent(runEvent, entry, runDeps));
  if (trainTrigger) {
    const trainDeps = {
      port,
      train: await deps.trains(repo.installationId),
      runner: deps.runner,
      effects: deps.store.effects,
      store: deps.store,
      config,
      defaultBranch: defaultBranchOf(payload),
      metrics: deps.metrics,
      startPipeline: async (event: StartPipelineEvent, source: string) => void (await processRunEvent(event, { id: source, receivedAt: entry.receivedAt }, runDeps)),
    };
    const detail = await processTrain(trainTrigger, repo, entry, trainDeps);
    if (detail) details.push(detail);
  }
  return details;
}

function defaultBranchOf(payload: Record<string, unknown>): string | undefined {
  const branch = (payload.repository as { default_branch?: unknown } | undefined)?.default_branch;
  return typeof branch === "string" ? branch : undefined;
}

/** A finished run's results: the pipeline as a whole, and each job that ran (`<pipeline>/<job>`). */
function pipelineResults(run: PipelineRun): NewResult[] {
  const outcomeOf = (status: string): NewResult["outcome"] | null =>
    status === "success" ? "PASSED" : status === "failed" || status === "timed_out" ? "FAILED" : status === "canceled" ? "ERROR" : null;
  const jobs = Object.entries(run.jobs).flatMap(([name, job]) => {
    const outcome = outcomeOf(job.status);
    return outcome ? [{ testcase: `${run.pipeline}/${name}`, outcome, refUrl: job.url ?? null }] : [];
  });
  const overall = { testcase: run.pipeline, outcome: outcomeOf(run.status) ?? "FAILED", refUrl: null };
  return [overall, ...jobs].map((r) => ({ ...r, item: run.sha, source: "pipeline", note: null }));
}

/** A result on the release head whose `test_tag` gate the train is waiting for: tell the train. */
async function trainGateFollowUp(repo: RepoRef, item: string, entry: JournalEntry, deps: GateDeps): Promise<string[]> {
  // With a gate pipeline, the pipeline's result carries the policy's verdict (see onRunFinished).
  if (deps.config.config.train?.gate) return [];
  const head = (await deps.store.trains.get(repo)).head;
  if (!head || head.sha !== item || head.gate?.status !== "running" || head.testTag) return [];
  const outcome = await gateOutcome(repo, "test_tag", item, deps);
  if (!outcome) return [];
  await recordTrainEntry(deps.store, `gate-policy:${entry.id}`, repo, { kind: "gateResult", sha: item, nightly: false, outcomes: [outcome] }, entry.receivedAt);
  return [`test_tag gate ${outcome.passed ? "passed" : "failed"} on ${item.slice(0, 7)}`];
}

/**
 * A result `gates.promote` requires may change whether a pre-release on its commit may be promoted:
 * ask the train to judge it again, so the Promote button appears once the gate passes.
 */
async function promoteGateFollowUp(repo: RepoRef, result: { testcase: string; item: string }, entry: JournalEntry, deps: GateDeps): Promise<string[]> {
  const policy = gatesOf(deps.config).promote;
  if (!deps.config.config.train || !policy?.require.some((glob) => matchGlob(result.testcase, glob))) return [];
  await recordTrainEntry(deps.store, `promote-gate:${entry.id}`, repo, { kind: "promoteGateChanged", sha: result.item }, entry.receivedAt);
  return [`promote gate re-checked on ${result.item.slice(0, 7)}`];
}

/** Journals a train event (a gate or package result) so the worker delivers it in order. */
async function recordTrainEntry(store: Store, id: string, repo: RepoRef, event: object, receivedAt: Date): Promise<void> {
  const payload = { repository: { name: repo.repo, owner: { login: repo.owner } }, installation: { id: repo.installationId }, event };
  await store.journal.record({ id, name: "signalbox.train", repoKey: repoKey(repo), installationId: repo.installationId, payload, receivedAt });
}

/** Bots only: a human sender never costs the API call that reads the app's own login. */
async function isOwnEvent(payload: Record<string, unknown>, deps: ProcessDeps): Promise<boolean> {
  const sender = payload.sender as { login?: unknown; type?: unknown } | undefined;
  if (sender?.type !== "Bot" || typeof sender.login !== "string") return false;
  return sender.login === (await deps.botLogin());
}

function outcomeOf(event: DomainEvent, effectCount: number): JournalOutcome {
  return event.kind === "ignored" && effectCount === 0 ? "ignored" : "done";
}

async function gatherFacts(requests: FactRequest[], deps: ProcessDeps): Promise<Facts> {
  const facts: Facts = {};
  for (const request of requests) {
    const port = await deps.github(request.repo.installationId);
    deps.configs.forget(request.repo); // the push may have changed it
    facts.config = await deps.configs.load(port, request.repo, request.ref);
  }
  return facts;
}
