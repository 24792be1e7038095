/** The worker's journal, observed: each attempt counts once, by its outcome, and only while held. */
import { Metrics } from "../../src/metrics/metrics.js";
import { observeJournal } from "../../src/metrics/observe-journal.js";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";

const T0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("observeJournal", () => {
  let store: Store;
  let metrics: Metrics;
  let ms = 0;
  const count = async (outcome: string) => sampleValue(parsePrometheusText(await metrics.render()), "signalbox_deliveries_total", { event: "push", outcome }) ?? 0;

  beforeEach(async () => {
    store = await createStore({ dataDir: ":memory:" });
    metrics = new Metrics({ pending: () => store.journal.pendingCount() });
    await store.journal.record({ id: "d1", name: "push", repoKey: "o/r", installationId: 1, payload: {}, receivedAt: T0 });
  });
  afterEach(() => store.close());

  it("times an attempt from claim to finish", async () => {
    const journal = observeJournal(store.journal, metrics, () => ms);
    ms = 1000;
    await journal.claimNext("w1", 30_000, at(0));
    ms = 3500;
    expect(await journal.finish("d1", "done", null, at(1), "w1")).toBe(true);
    const samples = parsePrometheusText(await metrics.render());
    expect(sampleValue(samples, "signalbox_processing_seconds_sum", { event: "push" })).toBe(2.5);
    expect(await count("done")).toBe(1);
  });

  it("measures how long an entry waited for its first attempt, and not the retries' backoff", async () => {
    const journal = observeJournal(store.journal, metrics);
    await journal.claimNext("w1", 30_000, at(4000));
    await journal.release("d1", "HTTP 502", at(60_000), "w1");
    await journal.claimNext("w1", 30_000, at(61_000));
    const samples = parsePrometheusText(await metrics.render());
    expect(sampleValue(samples, "signalbox_queue_wait_seconds_count")).toBe(1);
    expect(sampleValue(samples, "signalbox_queue_wait_seconds_sum")).toBe(4);
  });

  it("counts a release as retried, and the next attempt by its outcome", async () => {
    const journal = observeJournal(store.journal, metrics);
    await journal.claimNext("w1", 30_000, at(0));
    await journal.release("d1", "HTTP 502", at(1000), "w1");
    await journal.claimNext("w1", 30_000, at(2000));
    await journal.finish("d1", "failed", "HTTP 422", at(2500), "w1");
    expect([await count("retried"), await count("failed"), await count("done")]).toEqual([1, 1, 0]);
  });

  it("does not count a finish after another worker took the entry over", async () => {
    const slow = observeJournal(store.journal, metrics);
    const other = observeJournal(store.journal, metrics);
    await slow.claimNext("slow", 1000, at(0));
    expect(await other.claimNext("other", 30_000, at(5000))).toMatchObject({ id: "d1", attempts: 1 });
    expect(await slow.finish("d1", "done", null, at(6000), "slow")).toBe(false);
    expect(await count("done")).toBe(0);
    expect(await other.finish("d1", "done", null, at(7000), "other")).toBe(true);
    expect(await count("done")).toBe(1);
  });
});
