/**
 * Group commit: work items that arrive while the event loop is busy (concurrent webhook
 * deliveries) are written by one statement in one transaction, and each caller's promise settles
 * only once that transaction has committed. One commit per batch instead of one per delivery is
 * what lets the journal keep up with Probot's own intake.
 */
export class GroupCommit<T, R> {
  private queue: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private running = false;

  constructor(
    /** Writes a batch in one transaction; settles one result per item, in order. */
    private readonly commit: (items: T[]) => Promise<Array<PromiseSettledResult<R>>>,
    /** Upper bound per batch, so one statement never holds the (SQLite: synchronous) writer long. */
    private readonly maxBatch: number,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      // After this turn's I/O callbacks: every delivery read in the same turn joins the batch.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.commit(batch.map((waiter) => waiter.item));
        batch.forEach((waiter, i) => {
          const result = results[i]!;
          if (result.status === "fulfilled") waiter.resolve(result.value);
          else waiter.reject(result.reason);
        });
      } catch (error) {
        batch.forEach((waiter) => waiter.reject(error));
      }
    }
    this.running = false;
  }
}
