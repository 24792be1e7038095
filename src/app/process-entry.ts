/**
 * Processes one journaled delivery (a webhook, or a timer's, the reconcile's or the API's
 * synthetic entry): translate it into the events it means, then hand each to its row of the
 * dispatch table (src/app/dispatch.ts), in order.
 */
import type { Event } from "../core/events.js";
import { isLoopingOwnEvent } from "../intake/github/own-events.js";
import { repoOf } from "../intake/github/repo-of.js";
import { translateEntry } from "../intake/translate-entry.js";
import type { JournalEntry, JournalOutcome } from "../store/store.js";
import { dispatch } from "./dispatch.js";
import { createHandlerContext, type ProcessDeps } from "./handler-context.js";

export type { ProcessDeps } from "./handler-context.js";

export interface ProcessResult {
  outcome: JournalOutcome;
  detail: string;
}

export async function processEntry(entry: JournalEntry, deps: ProcessDeps): Promise<ProcessResult> {
  // 1. drop the app's own events that would loop; 2. translate; 3. dispatch each event;
  // 4. an entry no handler did anything for is "ignored", with the reason.
  const payload = (entry.payload ?? {}) as Record<string, unknown>;
  const own = await isOwnEvent(payload, deps);
  if (own && isLoopingOwnEvent(entry.name, payload.action)) {
    return { outcome: "ignored", detail: `${entry.name}: caused by signalbox itself` };
  }
  const events = translateEntry(entry.name, payload, { own });
  const ctx = createHandlerContext(entry, repoOf(payload), defaultBranchOf(payload), deps);
  const details: string[] = [];
  for (const event of events) details.push(...(await dispatch(event, ctx)));
  if (details.length === 0) return { outcome: "ignored", detail: ignoredReason(events, entry.name) };
  return { outcome: "done", detail: details.join("; ") };
}

function ignoredReason(events: Event[], name: string): string {
  const ignored = events.find((event) => event.kind === "ignored");
  return ignored?.kind === "ignored" ? ignored.reason : `${name}: nothing to do yet`;
}

function defaultBranchOf(payload: Record<string, unknown>): string | undefined {
  const branch = (payload.repository as { default_branch?: unknown } | undefined)?.default_branch;
  return typeof branch === "string" ? branch : undefined;
}

/** Bots only: a human sender never costs the API call that reads the app's own login. */
async function isOwnEvent(payload: Record<string, unknown>, deps: ProcessDeps): Promise<boolean> {
  const sender = payload.sender as { login?: unknown; type?: unknown } | undefined;
  if (sender?.type !== "Bot" || typeof sender.login !== "string") return false;
  return sender.login === (await deps.botLogin());
}
