/**
 * signalbox's Prometheus metrics. One registry per app instance (never prom-client's global one),
 * so several apps in one process — tests, mostly — each count their own work. The default
 * process metrics (CPU, memory, event loop, GC) describe the process, not an app: they are
 * collected once per process and served beside every instance's own.
 *
 * Every label is drawn from a small, fixed vocabulary: event names, outcomes, HTTP methods,
 * templated API routes. Repository names, ids and pipeline names never become labels, so the
 * number of series stays bounded however many repositories are installed.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export type DeliveryOutcome = "done" | "ignored" | "failed" | "duplicate" | "retried";
export type GateOutcome = "passed" | "failed" | "pending";
/** applied: carried out now; replayed: its key's recorded answer handed back; refused: the receiver said no for good; failed: thrown (retried). */
export type EffectOutcome = "applied" | "replayed" | "refused" | "failed";

/** What the rest of signalbox reports; every method is cheap and never throws. */
export interface MetricsObserver {
  delivery(event: string, outcome: DeliveryOutcome): void;
  processed(event: string, seconds: number): void;
  /** How long an entry waited in the journal before its first attempt began. */
  waited(seconds: number): void;
  githubRequest(method: string, route: string, status: number): void;
  /** `budget` names whose limit it is ("app" or an installation id); it is not a label. */
  rateLimit(budget: string, remaining: number): void;
  pipelineFinished(trigger: string, conclusion: string): void;
  trainStep(step: string, outcome: string): void;
  gateDecided(outcome: GateOutcome): void;
  /** `kind` is an effect kind (core/effects.ts): a fixed vocabulary. */
  effect(kind: string, outcome: EffectOutcome): void;
}

export interface MetricsOptions {
  /** Entries pending or in flight in the journal, read on each scrape. */
  pending: () => Promise<number>;
}

let processMetrics: Registry | undefined;

/** prom-client's default metrics, started on first use; their monitors then run for the process's life. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

const EVENT_NAME = /^[a-z][a-z0-9_.]{0,49}$/;

/** GitHub's event names and signalbox's own (`signalbox.train`); anything else is "other". */
export function formatEventLabel(name: string): string {
  return EVENT_NAME.test(name) ? name : "other";
}

export class Metrics implements MetricsObserver {
  readonly registry = new Registry();
  private readonly deliveries: Counter<"event" | "outcome">;
  private readonly processing: Histogram<"event">;
  private readonly waiting: Histogram;
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly pipelines: Counter<"trigger" | "conclusion">;
  private readonly trainSteps: Counter<"step" | "outcome">;
  private readonly gates: Counter<"outcome">;
  private readonly effects: Counter<"kind" | "outcome">;
  /** The last remaining count GitHub reported per rate-limit budget; the gauge shows the lowest. */
  private readonly remaining = new Map<string, number>();

  constructor(options: MetricsOptions) {
    const registers = [this.registry];
    processRegistry(); // start the process's monitors now, so the first scrape has their history
    this.deliveries = new Counter({ name: "signalbox_deliveries_total", help: "Journal entries (webhook deliveries, timer and API entries) by event and outcome", labelNames: ["event", "outcome"], registers });
    this.processing = new Histogram({
      name: "signalbox_processing_seconds",
      help: "Time from claiming a journal entry to finishing or releasing it, by event",
      labelNames: ["event"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.waiting = new Histogram({
      name: "signalbox_queue_wait_seconds",
      help: "Time from journaling an entry to the start of its first attempt",
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers,
    });
    this.requests = new Counter({ name: "signalbox_github_requests_total", help: "GitHub API requests by method, templated route and status (0: no answer)", labelNames: ["method", "route", "status"], registers });
    const remaining = this.remaining;
    new Gauge({
      name: "signalbox_github_rate_limit_remaining",
      help: "Lowest x-ratelimit-remaining GitHub last reported across the app's and each installation's budget",
      registers,
      collect() {
        if (remaining.size > 0) this.set(Math.min(...remaining.values()));
      },
    });
    new Gauge({
      name: "signalbox_journal_pending",
      help: "Journal entries pending or in flight, across every replica sharing the store (NaN: store unreachable)",
      registers,
      async collect() {
        this.set(await options.pending().catch(() => Number.NaN));
      },
    });
    this.pipelines = new Counter({ name: "signalbox_pipeline_runs_total", help: "Pipeline runs finished, by what triggered them and their conclusion", labelNames: ["trigger", "conclusion"], registers });
    this.trainSteps = new Counter({ name: "signalbox_train_steps_total", help: "Release-train steps applied on GitHub (merge, tag, release, promote) by outcome", labelNames: ["step", "outcome"], registers });
    this.gates = new Counter({ name: "signalbox_gate_decisions_total", help: "Gate check runs evaluated, by outcome", labelNames: ["outcome"], registers });
    this.effects = new Counter({ name: "signalbox_effects_total", help: "Effects the effects runner handled (every write to GitHub and every outbound webhook), by kind and outcome", labelNames: ["kind", "outcome"], registers });
  }

  delivery(event: string, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ event: formatEventLabel(event), outcome });
  }

  processed(event: string, seconds: number): void {
    this.processing.observe({ event: formatEventLabel(event) }, seconds);
  }

  waited(seconds: number): void {
    this.waiting.observe(Math.max(0, seconds));
  }

  githubRequest(method: string, route: string, status: number): void {
    this.requests.inc({ method: method.toUpperCase(), route, status: String(status) });
  }

  rateLimit(budget: string, remaining: number): void {
    if (Number.isFinite(remaining)) this.remaining.set(budget, remaining);
  }

  pipelineFinished(trigger: string, conclusion: string): void {
    this.pipelines.inc({ trigger, conclusion });
  }

  trainStep(step: string, outcome: string): void {
    this.trainSteps.inc({ step, outcome });
  }

  gateDecided(outcome: GateOutcome): void {
    this.gates.inc({ outcome });
  }

  effect(kind: string, outcome: EffectOutcome): void {
    this.effects.inc({ kind, outcome });
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return Registry.merge([processRegistry(), this.registry]).metrics();
  }
}
