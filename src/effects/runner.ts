/**
 * Applies decided effects through the GitHub port. Each effect carries an idempotency key
 * (the journal entry it came from and its position), so a retried entry skips what was
 * already applied and gets the recorded result back; a check run is only written when it
 * would change.
 */
import { capCheckRunText } from "../core/render/markdown.js";
import type { Effect, UpsertCheckRunEffect } from "../core/types.js";
import { fingerprintOf, type GitHubWriteStore } from "../store/github-writes.js";
import { statusOf } from "./http-status.js";
import type { EffectLog } from "../store/store.js";
import type { CheckRunView, CheckRunWrite, GitHubPort, GitHubPortFactory } from "./github-port.js";

/** What applying an effect produced; dispatches report the workflow run they started. */
export type EffectResult = {
  workflowRunId?: number;
  url?: string;
  checkRunId?: number;
  written?: boolean;
  /** GitHub refused the request for good (e.g. a dispatch of a workflow that does not exist). */
  refused?: string;
} | null;

export class EffectsRunner {
  constructor(
    private readonly log: EffectLog,
    private readonly github: GitHubPortFactory,
    private readonly now: () => Date = () => new Date(),
    /** Which check runs signalbox wrote and what they say; without it, each write looks first. */
    private readonly writes?: GitHubWriteStore,
  ) {}

  /** Applies `effects` in order; `source` is the journal entry id that decided them. */
  async applyAll(source: string, effects: Effect[]): Promise<EffectResult[]> {
    const results: EffectResult[] = [];
    for (const [index, effect] of effects.entries()) {
      const key = `${source}#${index}:${effect.kind}`;
      const recorded = await this.log.find(key);
      if (recorded) {
        results.push(recorded.result as EffectResult);
        continue;
      }
      const result = await this.apply(effect, key);
      await this.log.record(key, effect.kind, result, this.now());
      results.push(result);
    }
    return results;
  }

  /** Keeps a note beside the effects (first write wins), e.g. the runs an entry decided to start. */
  async note(key: string, kind: string, value: unknown): Promise<void> {
    if (!(await this.log.find(key))) await this.log.record(key, kind, value, this.now());
  }

  private async apply(effect: Effect, key: string): Promise<EffectResult> {
    const port = await this.github(effect.repo.installationId);
    switch (effect.kind) {
      case "upsertCheckRun":
        return this.upsertCheckRun(withinGitHubLimits(effect));
      case "dispatchWorkflow":
        return port.dispatchWorkflow(effect.repo, effect.workflow, effect.ref, effect.inputs).catch(refusal);
      case "cancelWorkflowRun":
        await port.cancelWorkflowRun(effect.repo, effect.workflowRunId);
        return null;
      case "comment":
        await port.createComment(effect.repo, effect.issueNumber, effect.body, commentMarker(key));
        return null;
      case "react":
        await port.addReaction(effect.repo, effect.commentId, effect.content);
        return null;
    }
  }

  /**
   * 1. remembered and unchanged: nothing to do; 2. remembered: update that check run;
   * 3. otherwise (or GitHub no longer has it): look it up by commit and name, then write.
   */
  private async upsertCheckRun(effect: UpsertCheckRunEffect): Promise<EffectResult> {
    const port = await this.github(effect.repo.installationId);
    const { kind: _kind, repo: _repo, ...write } = effect;
    const key = `${effect.headSha} ${effect.name}`;
    const fingerprint = fingerprintOf(write);
    const known = await this.writes?.find(effect.repo, "check_run", key);
    if (known?.fingerprint === fingerprint) return { checkRunId: known.id, written: false };
    const updated = known ? await updateIfPresent(port, effect, known.id, write) : null;
    const result = updated ?? (await lookUpAndWrite(port, effect, write));
    await this.writes?.remember(effect.repo, "check_run", key, { id: result.checkRunId, fingerprint }, this.now());
    return result;
  }
}

/** A summary or text longer than GitHub takes is cut, with a note, rather than refused. */
function withinGitHubLimits(effect: UpsertCheckRunEffect): UpsertCheckRunEffect {
  const text = effect.text === undefined ? {} : { text: capCheckRunText(effect.text) };
  return { ...effect, summary: capCheckRunText(effect.summary), ...text };
}

/** Updates a remembered check run; null when GitHub no longer has it (look it up instead). */
async function updateIfPresent(port: GitHubPort, effect: UpsertCheckRunEffect, id: number, write: CheckRunWrite): Promise<{ checkRunId: number; written: boolean } | null> {
  try {
    return { checkRunId: (await port.updateCheckRun(effect.repo, id, write)).id, written: true };
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

async function lookUpAndWrite(port: GitHubPort, effect: UpsertCheckRunEffect, write: CheckRunWrite): Promise<{ checkRunId: number; written: boolean }> {
  const existing = await port.findCheckRun(effect.repo, effect.headSha, effect.name);
  if (existing && sameCheckRun(existing, effect)) return { checkRunId: existing.id, written: false };
  const run = existing ? await port.updateCheckRun(effect.repo, existing.id, write) : await port.createCheckRun(effect.repo, write);
  return { checkRunId: run.id, written: true };
}

/** Hidden in a comment's body so a retry whose first answer was lost finds the comment it made. */
function commentMarker(key: string): string {
  return `<!-- signalbox:effect ${key.replace(/--/g, "- -")} -->`;
}

/**
 * A 404 or 422 will not change on retry (no such workflow, no workflow_dispatch trigger, bad
 * ref): report it as the result so the job fails with GitHub's reason. Anything else is thrown.
 */
function refusal(error: unknown): EffectResult {
  const status = statusOf(error);
  if (status !== 404 && status !== 422) throw error;
  return { refused: `GitHub answered ${status}: ${error instanceof Error ? error.message : String(error)}` };
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
