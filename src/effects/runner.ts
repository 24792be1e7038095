/**
 * Applies decided effects through the GitHub port. Each effect carries an idempotency key
 * (the journal entry it came from and its position), so a retried entry skips what was
 * already applied, and a check run is only written when it would change.
 */
import type { Effect, UpsertCheckRunEffect } from "../core/types.js";
import type { EffectLog } from "../store/store.js";
import type { CheckRunView, GitHubPortFactory } from "./github-port.js";

export class EffectsRunner {
  constructor(
    private readonly log: EffectLog,
    private readonly github: GitHubPortFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Applies `effects` in order; `source` is the journal entry id that decided them. */
  async applyAll(source: string, effects: Effect[]): Promise<void> {
    for (const [index, effect] of effects.entries()) {
      const key = `${source}#${index}:${effect.kind}`;
      if (await this.log.find(key)) continue;
      const result = await this.apply(effect);
      await this.log.record(key, effect.kind, result, this.now());
    }
  }

  private async apply(effect: Effect): Promise<unknown> {
    switch (effect.kind) {
      case "upsertCheckRun":
        return this.upsertCheckRun(effect);
    }
  }

  private async upsertCheckRun(effect: UpsertCheckRunEffect): Promise<{ checkRunId: number; written: boolean }> {
    const port = await this.github(effect.repo.installationId);
    const write = {
      name: effect.name,
      headSha: effect.headSha,
      status: effect.status,
      conclusion: effect.conclusion,
      title: effect.title,
      summary: effect.summary,
      text: effect.text,
      annotations: effect.annotations,
    };
    const existing = await port.findCheckRun(effect.repo, effect.headSha, effect.name);
    if (existing && sameCheckRun(existing, effect)) return { checkRunId: existing.id, written: false };
    const run = existing
      ? await port.updateCheckRun(effect.repo, existing.id, write)
      : await port.createCheckRun(effect.repo, write);
    return { checkRunId: run.id, written: true };
  }
}

/** Whether GitHub already shows exactly what the effect would write. */
function sameCheckRun(view: CheckRunView, effect: UpsertCheckRunEffect): boolean {
  return (
    view.status === effect.status &&
    (view.conclusion ?? undefined) === effect.conclusion &&
    view.title === effect.title &&
    view.summary === effect.summary &&
    (view.text ?? undefined) === effect.text
  );
}
