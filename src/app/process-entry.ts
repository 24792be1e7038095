/**
 * Processes one journaled delivery: translate → gather facts → decide → apply effects.
 */
import { decide, factsNeeded, type FactRequest, type Facts } from "../core/decide.js";
import type { DomainEvent } from "../core/types.js";
import type { GitHubPortFactory } from "../effects/github-port.js";
import type { EffectsRunner } from "../effects/runner.js";
import { repoOf, translateWebhook } from "../intake/github/translate.js";
import { translateRunEvent } from "../intake/github/translate-runs.js";
import type { RunStore } from "../store/pipeline-runs.js";
import type { JournalEntry, JournalOutcome } from "../store/store.js";
import type { ConfigFacts } from "./config-facts.js";
import { processRunEvent } from "./process-runs.js";

export interface ProcessDeps {
  github: GitHubPortFactory;
  runner: EffectsRunner;
  /** The app's own bot login (e.g. "signalbox[bot]"), so events it caused are ignored. */
  botLogin: () => Promise<string | null>;
  runs: RunStore;
  configs: ConfigFacts;
}

export interface ProcessResult {
  outcome: JournalOutcome;
  detail: string;
}

export async function processEntry(entry: JournalEntry, deps: ProcessDeps): Promise<ProcessResult> {
  // 1. drop events the app caused; 2. the config check (decide → effects);
  // 3. pipeline runs (their own facts, decision and effects).
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
  const repo = repoOf(payload);
  const runEvent = repo ? translateRunEvent(entry.name, payload, repo) : null;
  if (!runEvent || !repo) return { outcome: outcomeOf(event, decision.effects.length), detail: decision.reason };
  const port = await deps.github(repo.installationId);
  const runs = await processRunEvent(runEvent, entry, { port, runner: deps.runner, runs: deps.runs, configs: deps.configs });
  return { outcome: "done", detail: event.kind === "ignored" ? runs : `${decision.reason}; ${runs}` };
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
