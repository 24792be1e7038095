/**
 * Processes one journaled delivery (a webhook, or a timer's or the API's synthetic entry):
 * translate → gather facts → decide → apply effects, for each part of signalbox it concerns.
 */
import { decide, factsNeeded, type FactRequest, type Facts } from "../core/decide.js";
import type { StartPipelineEvent } from "../core/runs/events.js";
import { repoKey, type DomainEvent, type RepoRef } from "../core/types.js";
import type { GitHubPortFactory } from "../effects/github-port.js";
import type { EffectsRunner } from "../effects/runner.js";
import { repoOf, translateWebhook } from "../intake/github/translate.js";
import { translateRunEvent } from "../intake/github/translate-runs.js";
import { translateTrain } from "../intake/github/translate-train.js";
import type { TrainPort } from "../effects/train-port.js";
import type { JournalEntry, JournalOutcome, Store } from "../store/store.js";
import type { ConfigFacts } from "./config-facts.js";
import { processRunEvent, type RunDeps } from "./process-runs.js";
import { processTrain } from "./process-train.js";
import { trainEventOf } from "./train-runs.js";

export interface ProcessDeps {
  github: GitHubPortFactory;
  runner: EffectsRunner;
  /** The app's own bot login (e.g. "signalbox[bot]"), so events it caused are ignored. */
  botLogin: () => Promise<string | null>;
  store: Store;
  configs: ConfigFacts;
  /** The release train's GitHub calls, per installation. */
  trains: (installationId: number) => Promise<TrainPort>;
}

export interface ProcessResult {
  outcome: JournalOutcome;
  detail: string;
}

export async function processEntry(entry: JournalEntry, deps: ProcessDeps): Promise<ProcessResult> {
  // 1. drop events the app caused; 2. the config check (decide → effects);
  // 3. pipeline runs and 4. the release train (each with its own facts, decision and effects).
  const payload = (entry.payload ?? {}) as Record<string, unknown>;
  // Commit statuses are results, not requests: the board mirrors builds as statuses, and
  // `status:` jobs must see them even though signalbox wrote them.
  if (entry.name !== "status" && (await isOwnEvent(payload, deps))) {
    return { outcome: "ignored", detail: `${entry.name}: caused by signalbox itself` };
  }
  const event = translateWebhook(entry.name, payload);
  const facts = await gatherFacts(factsNeeded(event), deps);
  const decision = decide(event, facts);
  await deps.runner.applyAll(entry.id, decision.effects);
  const details = event.kind === "ignored" && decision.effects.length === 0 ? [] : [decision.reason];
  const repo = repoOf(payload);
  if (repo) details.push(...(await processRepoEvent(entry, payload, repo, deps)));
  if (details.length === 0) return { outcome: outcomeOf(event, 0), detail: decision.reason };
  return { outcome: "done", detail: details.join("; ") };
}

/** Pipeline runs and the release train, each deciding on its own facts. */
async function processRepoEvent(entry: JournalEntry, payload: Record<string, unknown>, repo: RepoRef, deps: ProcessDeps): Promise<string[]> {
  const runEvent = translateRunEvent(entry.name, payload, repo);
  const trainTrigger = translateTrain(entry.name, payload);
  if (!runEvent && !trainTrigger) return [];
  const port = await deps.github(repo.installationId);
  const runDeps: RunDeps = {
    port,
    runner: deps.runner,
    runs: deps.store.runs,
    configs: deps.configs,
    onTrainRunFinished: (run) => recordTrainEntry(deps.store, `train-run:${run.id}:${run.attempt}`, repo, trainEventOf(run), entry.receivedAt),
  };
  const details: string[] = [];
  if (runEvent) details.push(await processRunEvent(runEvent, entry, runDeps));
  if (trainTrigger) {
    const trainDeps = {
      port,
      train: await deps.trains(repo.installationId),
      runner: deps.runner,
      effects: deps.store.effects,
      store: deps.store,
      config: await deps.configs.load(port, repo),
      defaultBranch: defaultBranchOf(payload),
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
