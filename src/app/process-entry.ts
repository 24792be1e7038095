/**
 * Processes one journaled delivery: translate → gather facts → decide → apply effects.
 */
import { parseConfig } from "../config/parse-config.js";
import { decide, factsNeeded, type FactRequest, type Facts } from "../core/decide.js";
import { CONFIG_PATH } from "../core/config-check.js";
import type { DomainEvent } from "../core/types.js";
import type { GitHubPortFactory } from "../effects/github-port.js";
import type { EffectsRunner } from "../effects/runner.js";
import { translateWebhook } from "../intake/github/translate.js";
import type { JournalEntry, JournalOutcome } from "../store/store.js";

export interface ProcessDeps {
  github: GitHubPortFactory;
  runner: EffectsRunner;
  /** The app's own bot login (e.g. "signalbox[bot]"), so events it caused are ignored. */
  botLogin: () => Promise<string | null>;
}

export interface ProcessResult {
  outcome: JournalOutcome;
  detail: string;
}

export async function processEntry(entry: JournalEntry, deps: ProcessDeps): Promise<ProcessResult> {
  // 1. translate the payload; 2. drop events the app caused; 3. gather facts; 4. decide; 5. apply.
  const payload = (entry.payload ?? {}) as Record<string, unknown>;
  let event = translateWebhook(entry.name, payload);
  if (event.kind !== "ignored" && (await isOwnEvent(payload, deps))) {
    event = { kind: "ignored", repo: event.repo, reason: `${entry.name}: caused by signalbox itself` };
  }
  const facts = await gatherFacts(factsNeeded(event), deps.github);
  const decision = decide(event, facts);
  await deps.runner.applyAll(entry.id, decision.effects);
  return { outcome: outcomeOf(event, decision.effects.length), detail: decision.reason };
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

async function gatherFacts(requests: FactRequest[], github: GitHubPortFactory): Promise<Facts> {
  const facts: Facts = {};
  for (const request of requests) {
    const port = await github(request.repo.installationId);
    const text = await port.readFile(request.repo, CONFIG_PATH, request.ref);
    // `_extends` is resolved by Probot's loader; validation still maps errors to the local file.
    const extendsOrg = text !== null && /^_extends\s*:/m.test(text);
    const resolved = extendsOrg ? await port.resolveConfig(request.repo, CONFIG_PATH) : undefined;
    facts.config = parseConfig(text, { path: CONFIG_PATH, resolved });
  }
  return facts;
}
