/**
 * Synthetic journal entries: what timers, the reconcile, the HTTP APIs and the train's own
 * follow-ups record for the worker. Each carries typed `Event`s (one, or the several a missed
 * webhook meant, in the order their handlers run), beside the routing fields
 * every journaled payload has (`repository`, `installation`), so the worker serialises it with
 * the repository's webhooks and handles it like one.
 */
import { isEvent, type Event } from "../core/events.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { Journal, NewJournalEntry } from "../store/store.js";

export const EVENT_ENTRY = "signalbox.event";

export interface EventEntry {
  id: string;
  repo: RepoRef;
  events: Event[];
  receivedAt: Date;
  /** The repository's default branch, when the source knows it (saves the train a lookup). */
  defaultBranch?: string;
}

export function formatEventEntry({ id, repo, events, receivedAt, defaultBranch }: EventEntry): NewJournalEntry {
  const repository = { name: repo.repo, owner: { login: repo.owner }, ...(defaultBranch ? { full_name: `${repo.owner}/${repo.repo}`, default_branch: defaultBranch } : {}) };
  const payload = { repository, installation: { id: repo.installationId }, events };
  return { id, name: EVENT_ENTRY, repoKey: repoKey(repo), installationId: repo.installationId, payload, receivedAt };
}

/** Journals the entry once: an id recorded before is a duplicate, so replicas agree on one entry. */
export function recordEvents(journal: Pick<Journal, "record">, entry: EventEntry): Promise<"recorded" | "duplicate"> {
  return journal.record(formatEventEntry(entry));
}

/** Journals one event (see `recordEvents`). */
export function recordEvent(journal: Pick<Journal, "record">, { event, ...entry }: Omit<EventEntry, "events"> & { event: Event }): Promise<"recorded" | "duplicate"> {
  return recordEvents(journal, { ...entry, events: [event] });
}

/** The events a `signalbox.event` entry carries; a kind this version does not know is left out. */
export function parseEventEntry(payload: Record<string, unknown>): Event[] {
  return Array.isArray(payload.events) ? payload.events.filter(isEvent) : [];
}
