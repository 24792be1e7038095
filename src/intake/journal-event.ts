/**
 * Synthetic journal entries: what timers, the reconcile, the HTTP APIs and the train's own
 * follow-ups record for the worker. Each carries one typed `Event`, beside the routing fields
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
  event: Event;
  receivedAt: Date;
  /** The repository's default branch, when the source knows it (saves the train a lookup). */
  defaultBranch?: string;
}

export function formatEventEntry({ id, repo, event, receivedAt, defaultBranch }: EventEntry): NewJournalEntry {
  const repository = { name: repo.repo, owner: { login: repo.owner }, ...(defaultBranch ? { full_name: `${repo.owner}/${repo.repo}`, default_branch: defaultBranch } : {}) };
  const payload = { repository, installation: { id: repo.installationId }, event };
  return { id, name: EVENT_ENTRY, repoKey: repoKey(repo), installationId: repo.installationId, payload, receivedAt };
}

/** Journals the event once: an id recorded before is a duplicate, so replicas agree on one entry. */
export function recordEvent(journal: Pick<Journal, "record">, entry: EventEntry): Promise<"recorded" | "duplicate"> {
  return journal.record(formatEventEntry(entry));
}

/** The event a `signalbox.event` entry carries, or null when its payload names no known kind. */
export function parseEventEntry(payload: Record<string, unknown>): Event | null {
  return isEvent(payload.event) ? payload.event : null;
}
