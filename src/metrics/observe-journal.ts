/**
 * Counts the worker's outcomes where they are recorded: the journal it claims from, finishes and
 * releases. Wrapping the worker's journal keeps the metrics out of the worker's own logic; an
 * entry counts once per attempt, and only when this worker still held it.
 */
import type { Journal } from "../store/store.js";
import type { MetricsObserver } from "./metrics.js";

export function observeJournal(journal: Journal, metrics: MetricsObserver, clock: () => number = () => performance.now()): Journal {
  const claimed = new Map<string, { event: string; startedAt: number }>();
  const settle = (id: string, changed: boolean, outcome: Parameters<MetricsObserver["delivery"]>[1]) => {
    const claim = claimed.get(id);
    claimed.delete(id);
    if (!claim || !changed) return;
    metrics.delivery(claim.event, outcome);
    metrics.processed(claim.event, (clock() - claim.startedAt) / 1000);
  };
  return {
    ...journal,
    async claimNext(workerId, leaseMs, now) {
      const entry = await journal.claimNext(workerId, leaseMs, now);
      if (entry) claimed.set(entry.id, { event: entry.name, startedAt: clock() });
      return entry;
    },
    async finish(id, outcome, detail, now, workerId) {
      const changed = await journal.finish(id, outcome, detail, now, workerId);
      settle(id, changed, outcome);
      return changed;
    },
    async release(id, error, retryAt, workerId) {
      const changed = await journal.release(id, error, retryAt, workerId);
      settle(id, changed, "retried");
      return changed;
    },
  };
}
