/**
 * The writes of pipelines, gates and the config check: check runs, workflow dispatches and
 * cancels, comments and reactions. The effects runner calls these once per idempotency key.
 * A check run is looked up by commit and name before its first write, and written only when it
 * would change; a comment carries a marker so a retry whose first answer was lost finds it.
 */
import { capCheckRunText } from "../core/render/markdown.js";
import type { PipelineEffect, UpsertCheckRunEffect } from "../core/types.js";
import { fingerprintOf, type GitHubWriteStore } from "../store/github-writes.js";
import type { CheckRunView, CheckRunWrite, GitHubPort, GitHubPortFactory } from "./github-port.js";
import { statusOf } from "./http-status.js";

/** What applying an effect produced; dispatches report the workflow run they started. */
export type EffectResult = {
  workflowRunId?: number;
  url?: string;
  checkRunId?: number;
  written?: boolean;
  /** GitHub refused the request for good (e.g. a dispatch of a workflow that does not exist). */
  refused?: string;
} | null;

export interface GitHubWriteDeps {
  github: GitHubPortFactory;
  now: () => Date;
  /** Which check runs signalbox wrote and what they say; without it, each write looks first. */
  writes?: GitHubWriteStore;
}

export async function applyGitHubEffect(effect: PipelineEffect, key: string, deps: GitHubWriteDeps): Promise<EffectResult> {
  const port = await deps.github(effect.repo.installationId);
  switch (effect.kind) {
    case "upsertCheckRun":
      return upsertCheckRun(port, withinGitHubLimits(effect), deps);
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
async function upsertCheckRun(port: GitHubPort, effect: UpsertCheckRunEffect, deps: GitHubWriteDeps): Promise<EffectResult> {
  const { kind: _kind, repo: _repo, ...write } = effect;
  const key = `${effect.headSha} ${effect.name}`;
  const fingerprint = fingerprintOf(write);
  const known = await deps.writes?.find(effect.repo, "check_run", key);
  if (known?.fingerprint === fingerprint) return { checkRunId: known.id, written: false };
  const updated = known ? await updateIfPresent(port, effect, known.id, write) : null;
  const result = updated ?? (await lookUpAndWrite(port, effect, write));
  await deps.writes?.remember(effect.repo, "check_run", key, { id: result.checkRunId, fingerprint }, deps.now());
  return result;
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
