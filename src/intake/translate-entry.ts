/**
 * A journal entry → the events it means. Webhooks go through the one webhook translator;
 * signalbox's own entries carry their event. Entries journaled by an earlier version under the
 * old synthetic names (`signalbox.tick`, `.timeout`, `.schedule`, `.train`, `.result`) may still
 * be in flight after an upgrade: they are read here into the same events.
 */
import type { Event } from "../core/events.js";
import { isEvent } from "../core/events.js";
import { isTrainInput } from "../core/train/train-events.js";
import type { RepoRef } from "../core/types.js";
import { repoOf } from "./github/repo-of.js";
import { translateWebhook } from "./github/translate-webhook.js";
import { EVENT_ENTRY, parseEventEntry } from "./journal-event.js";

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- stored JSON, read defensively

export function translateEntry(name: string, payload: Payload, cause: { own: boolean }): Event[] {
  if (!name.startsWith("signalbox.")) return translateWebhook(name, payload, cause);
  const repo = repoOf(payload);
  if (!repo) return [{ kind: "ignored", repo: null, reason: `${name}: no repository or installation` }];
  const legacy = name === EVENT_ENTRY ? null : translateLegacyEntry(name, payload, repo);
  const events = name === EVENT_ENTRY ? parseEventEntry(payload) : legacy ? [legacy] : [];
  return events.length > 0 ? events : [{ kind: "ignored", repo, reason: `${name}: nothing to do yet` }];
}

/** The event an entry recorded under an old synthetic name means. */
export function translateLegacyEntry(name: string, p: Payload, repo: RepoRef): Event | null {
  switch (name) {
    case "signalbox.tick":
      return { kind: "tick", repo };
    case "signalbox.timeout":
      return { kind: "jobTimeout", repo, runId: String(p.runId), job: String(p.job), startedAt: String(p.startedAt), limit: String(p.limit) };
    case "signalbox.schedule":
      return { kind: "schedule", repo, pipeline: String(p.pipeline), branch: String(p.branch ?? "") };
    case "signalbox.train":
      // Only ever the train's events: they were delivered to the train alone.
      return isEvent(p.event) && isTrainInput(p.event) ? p.event : null;
    case "signalbox.result":
      return typeof p.result?.testcase === "string" && typeof p.result?.item === "string" ? { kind: "resultPosted", testcase: p.result.testcase, item: p.result.item } : null;
    default:
      return null;
  }
}
