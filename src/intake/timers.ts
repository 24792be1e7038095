/**
 * Timers turn time into journal entries: a run whose job may have timed out, and a schedule
 * that fired. Entry ids name the moment, so several replicas ticking at once record each
 * timer once, and the worker handles it like any delivery.
 */
import { CronExpressionParser } from "cron-parser";
import type { Event } from "../core/events.js";
import { isTrainInput } from "../core/train/train-events.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { Store } from "../store/store.js";
import { recordEvent } from "./journal-event.js";

/** The schedule key under which the train's `nightly` cron is registered. */
export const TRAIN_NIGHTLY = "train:nightly";

const PRUNE_EVERY_MS = 3_600_000;

export interface TimerLog {
  warn(obj: object, msg: string): void;
}

export class Timers {
  private lastCheck: Date;
  private lastPrune = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly log: TimerLog,
    /** Called after new entries were journaled (wakes the worker). */
    private readonly onRecorded: () => void,
    /** Bookkeeping older than this is pruned, at most hourly. */
    private readonly retentionMs: number = 30 * 86_400_000,
  ) {
    this.lastCheck = now();
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.log.warn({ err }, "timer tick failed")), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Journals every timer due since the last tick; returns how many were new. */
  async tick(): Promise<number> {
    const now = this.now();
    const since = this.lastCheck;
    this.lastCheck = now;
    let recorded = 0;
    for (const run of await this.store.runs.active(1000)) {
      if (!run.nextDeadline || Date.parse(run.nextDeadline) > now.getTime()) continue;
      recorded += await this.record(`tick:${run.id}:${run.nextDeadline}`, run.repo, { kind: "tick", repo: run.repo }, now);
    }
    for (const schedule of await this.store.schedules.all()) {
      const fired = lastFire(schedule.cron, now);
      if (!fired || fired <= since) continue;
      const id = `schedule:${repoKey(schedule.repo)}:${schedule.pipeline}:${fired.toISOString()}`;
      const event: Event = schedule.pipeline === TRAIN_NIGHTLY ? { kind: "nightly" } : { kind: "schedule", repo: schedule.repo, pipeline: schedule.pipeline, branch: schedule.branch ?? "" };
      recorded += await this.record(id, schedule.repo, event, now);
    }
    for (const { repo, wake } of await this.store.trains.due(now)) {
      // The train stored the event to wake up with; one it no longer knows is dropped.
      if (!isTrainInput(wake.event)) continue;
      recorded += await this.record(`wake:${repoKey(repo)}:${wake.at.toISOString()}`, repo, wake.event, now);
    }
    if (recorded > 0) this.onRecorded();
    if (now.getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      await this.store.prune(new Date(now.getTime() - this.retentionMs));
    }
    return recorded;
  }

  private async record(id: string, repo: RepoRef, event: Event, now: Date): Promise<number> {
    return (await recordEvent(this.store.journal, { id, repo, event, receivedAt: now })) === "recorded" ? 1 : 0;
  }
}

/** The latest time at or before `now` that the cron expression (UTC) fires. */
function lastFire(cron: string, now: Date): Date | null {
  try {
    return CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz: "UTC" }).prev().toDate();
  } catch {
    return null;
  }
}
