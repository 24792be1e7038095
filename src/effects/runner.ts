/**
 * The effects runner: the only code that writes to GitHub or sends an outbound webhook. Every
 * effect signalbox decides (core/effects.ts) is applied here, under the same rules:
 * - an idempotency key: an effect already recorded under its key is not applied again, and the
 *   recorded answer is handed back (a retried journal entry skips what it already did);
 * - looking before the first write of a name (check runs, comments by marker, tags and releases
 *   that may exist), so a write whose answer was lost is recognised as done on retry;
 * - a decision recorded once and replayed on retry (`decideOnce`);
 * - a kind it does not handle fails the type check, and at run time throws: never recorded.
 * Two families keep their record elsewhere: the pipelines and gates the train starts (their own
 * runs and results are keyed), and the board's writes (its durable outbox holds the newest state
 * per key and retries it with backoff).
 */
import type { Effect } from "../core/effects.js";
import type { EvaluateGateEffect, StartPipelineEffect, TrainGitHubEffect } from "../core/train/effects.js";
import type { GateOutcome } from "../core/train/state.js";
import type { MetricsObserver } from "../metrics/metrics.js";
import { formatTrainStep } from "../metrics/train-steps.js";
import type { GitHubWriteStore } from "../store/github-writes.js";
import type { EffectLog } from "../store/store.js";
import { applyCommitStatus, applyProjectWebhook } from "./apply-board.js";
import { applyGitHubEffect, type EffectResult } from "./apply-github.js";
import { applyTrainEffect } from "./apply-train.js";
import type { GitHubPortFactory } from "./github-port.js";
import type { TrainEffectResult, TrainPort } from "./train-port.js";

export type { EffectResult } from "./apply-github.js";

/** The answer to `evaluateGate`: the gate's outcome, or null while results are missing or running. */
export interface GateAnswer {
  gate: GateOutcome | null;
}

/** What applying an effect of kind `E` answers. */
export type ResultOf<E extends Effect> = E extends TrainGitHubEffect ? TrainEffectResult : E extends EvaluateGateEffect ? GateAnswer : EffectResult;

/** The effects that stay inside signalbox: the journal entry being processed carries them out. */
export interface LocalEffectHandlers {
  startPipeline(effect: StartPipelineEffect, key: string): Promise<void>;
  /** `now` is the runner's clock. */
  evaluateGate(effect: EvaluateGateEffect, now: Date): Promise<GateOutcome | null>;
}

export interface RunnerOptions {
  /** Counts the train's steps as GitHub carries them out (a replayed answer is not counted). */
  metrics?: MetricsObserver;
  /** For the project webhook; the global fetch by default. */
  fetch?: typeof fetch;
  /** The release train's GitHub calls for the entry being processed (see `forEntry`). */
  train?: TrainPort;
  local?: LocalEffectHandlers;
}

/** An effect whose kind this runner does not know (e.g. a decision recorded by another version). */
export class UnhandledEffectError extends Error {}

export class EffectsRunner {
  constructor(
    private readonly log: EffectLog,
    private readonly github: GitHubPortFactory,
    private readonly now: () => Date = () => new Date(),
    /** Which check runs signalbox wrote and what they say; without it, each write looks first. */
    private readonly writes?: GitHubWriteStore,
    private readonly options: RunnerOptions = {},
  ) {}

  /** A runner for one journal entry: the train's port and the entry's own handlers join the rest. */
  forEntry(ports: Pick<RunnerOptions, "train" | "local">): EffectsRunner {
    return new EffectsRunner(this.log, this.github, this.now, this.writes, { ...this.options, ...ports });
  }

  /** Applies `effects` in order; `source` is the journal entry id (and step) that decided them. */
  async applyAll<E extends Effect>(source: string, effects: E[]): Promise<Array<ResultOf<E>>> {
    const results: Array<ResultOf<E>> = [];
    for (const [index, effect] of effects.entries()) results.push(await this.apply(`${source}#${index}:${effect.kind}`, effect));
    return results;
  }

  /** Applies one effect under `key`, unless the key already applied it: then its recorded answer. */
  async apply<E extends Effect>(key: string, effect: E): Promise<ResultOf<E>> {
    return (await this.applyOnce(key, effect)) as ResultOf<E>;
  }

  /**
   * A decision recorded under `key` is replayed instead of deciding again: a retried entry
   * would otherwise decide on facts its own half-applied effects have changed (a release it
   * created, a tag it pushed). The same effects come out, each recognised as done.
   */
  async decideOnce<T>(key: string, kind: string, decideNow: () => Promise<T>): Promise<T> {
    const recorded = await this.log.find(key);
    if (recorded) return recorded.result as T;
    const decision = await decideNow();
    await this.log.record(key, kind, decision, this.now());
    return decision;
  }

  /** Keeps a note beside the effects (first write wins), e.g. the runs an entry decided to start. */
  async note(key: string, kind: string, value: unknown): Promise<void> {
    if (!(await this.log.find(key))) await this.log.record(key, kind, value, this.now());
  }

  private async applyOnce(key: string, effect: Effect): Promise<unknown> {
    if (!isRecorded(effect)) return this.applyCounted(effect, key);
    const recorded = await this.log.find(key);
    if (recorded) {
      this.options.metrics?.effect(effect.kind, "replayed");
      return recorded.result;
    }
    const result = await this.applyCounted(effect, key);
    await this.log.record(key, effect.kind, result, this.now());
    return result;
  }

  private async applyCounted(effect: Effect, key: string): Promise<unknown> {
    const metrics = this.options.metrics;
    try {
      const result = await this.applyNow(effect, key);
      metrics?.effect(effect.kind, isRefusal(result) ? "refused" : "applied");
      return result;
    } catch (error) {
      // An unknown kind is no label: it stays out of the metric's vocabulary.
      if (!(error instanceof UnhandledEffectError)) metrics?.effect(effect.kind, "failed");
      throw error;
    }
  }

  private async applyNow(effect: Effect, key: string): Promise<unknown> {
    switch (effect.kind) {
      case "upsertCheckRun":
      case "dispatchWorkflow":
      case "cancelWorkflowRun":
      case "comment":
      case "react":
        return applyGitHubEffect(effect, key, { github: this.github, now: this.now, writes: this.writes });
      case "mergeBranch":
      case "createBranch":
      case "createTag":
      case "createRelease":
      case "updateRelease":
      case "openIssue":
      case "closeIssue":
      case "upsertComment":
        return this.applyTrain(effect);
      case "startPipeline":
        await this.local(effect.kind).startPipeline(effect, key);
        return null;
      case "evaluateGate":
        return { gate: await this.local(effect.kind).evaluateGate(effect, this.now()) } satisfies GateAnswer;
      case "setCommitStatus":
        return applyCommitStatus(effect, this.github);
      case "sendProjectWebhook":
        return applyProjectWebhook(effect, this.options.fetch);
      default:
        return unhandled(effect);
    }
  }

  private async applyTrain(effect: TrainGitHubEffect): Promise<TrainEffectResult> {
    const train = this.options.train;
    if (!train) throw new UnhandledEffectError(`${effect.kind}: this runner has no release-train port (use forEntry)`);
    const answer = await applyTrainEffect(effect, train);
    const step = formatTrainStep(effect, answer);
    if (step) this.options.metrics?.trainStep(...step);
    return answer;
  }

  private local(kind: string): LocalEffectHandlers {
    if (!this.options.local) throw new UnhandledEffectError(`${kind}: this runner has no handlers for the entry's own effects (use forEntry)`);
    return this.options.local;
  }
}

function isRefusal(result: unknown): boolean {
  return typeof result === "object" && result !== null && typeof (result as { refused?: unknown }).refused === "string";
}

/** Effects recorded in the effect log; the others keep their record where they are queued or run. */
function isRecorded(effect: Effect): boolean {
  return !["startPipeline", "evaluateGate", "setCommitStatus", "sendProjectWebhook"].includes(effect.kind);
}

/** The type check makes this unreachable; at run time an unknown kind is refused, never recorded. */
function unhandled(effect: never): never {
  throw new UnhandledEffectError(`no effect of kind ${JSON.stringify((effect as { kind?: unknown }).kind)} is known to the effects runner`);
}
