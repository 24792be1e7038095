/**
 * Counts the worker's outcomes where they are recorded: the journal it claims from, finishes and
 * releases. Wrapping the worker's journal keeps the metrics out of the worker's own logic; an
 * entry counts once per attempt, and only when this worker still held it.
 */
import type { Journal } from "../store/store.js";
import type { DeliveryOutcome, MetricsObserver } from "./metrics.js";

export function observeJournal(journal: Journal, metrics: MetricsObserver, clock: () => number = () => performance.now()): Journal {
  const claimed = new Map<string, { event: string; startedAt: number }>();
  /** Counts the attempt if this worker still held the entry, and forgets the claim either way. */
  const settle = async (id: string, outcome: DeliveryOutcome, write: () => Promise<boolean>): Promise<boolean> => {
    const claim = claimed.get(id);
    try {
      const changed = await write();
      if (claim && changed) {
        metrics.delivery(claim.event, outcome);
        metrics.processed(claim.event, (clock() - claim.startedAt) / 1000);
      }
      return changed;
    } finally {
      claimed.delete(id);
    }
  };
  return {
    ...journal,
    async claimNext(workerId, leaseMs, now) {
      const entry = await journal.claimNext(workerId, leaseMs, now);
      if (!entry) return entry;
      claimed.set(entry.id, { event: entry.name, startedAt: clock() });
      if (entry.attempts === 0) metrics.waited((now.getTime() - entry.receivedAt.getTime()) / 1000);
      return entry;
    },
    finish: (id, outcome, detail, now, workerId) => settle(id, outcome, () => journal.finish(id, outcome, detail, now, workerId)),
    release: (id, error, retryAt, workerId) => settle(id, "retried", () => journal.release(id, error, retryAt, workerId)),
  };
}
