/**
 * When the worker stops retrying a delivery that GitHub kept failing, the check runs it concerns
 * say so: what failed, that nothing was done twice, and what to do. Without this the train or a
 * pipeline would sit "in progress" for ever with the reason only in the server's log.
 */
import type { UpsertCheckRunEffect, RepoRef } from "../core/types.js";
import { repoKey } from "../core/types.js";
import { FINISHED_RUN } from "../core/runs/types.js";
import { TRAIN_CHECK } from "../core/train/state.js";
import type { EffectsRunner } from "../effects/runner.js";
import { decidedRunsKey } from "./process-runs.js";
import { recordedTrainDecisions } from "./process-train.js";
import { isTrainInput, type TrainInput } from "../core/train/train-events.js";
import { repoOf } from "../intake/github/repo-of.js";
import { translateEntry } from "../intake/translate-entry.js";
import type { JournalEntry, Store } from "../store/store.js";

export interface SurfaceDeps {
  store: Store;
  runner: EffectsRunner;
}

export interface GaveUp {
  /** The journal's one-line reason (HTTP status, request and GitHub's message). */
  reason: string;
  attempts: number;
}

/** Marks the train's and the pipelines' check runs for this entry as failed, saying why. */
export async function surfaceFailure(entry: JournalEntry, gaveUp: GaveUp, deps: SurfaceDeps): Promise<string[]> {
  const payload = (entry.payload ?? {}) as Record<string, unknown>;
  const repo = repoOf(payload);
  if (!repo) return [];
  const targets = [...(await trainTarget(entry, payload, repo, deps.store)), ...(await pipelineTargets(entry, repo, payload, deps.store))];
  const effects = targets.map(({ name, sha }) => renderGaveUpCheck(repo, name, sha, entry, gaveUp));
  await deps.runner.applyAll(`${entry.id}:gave-up`, effects);
  return effects.map((effect) => `${effect.name} on ${effect.headSha.slice(0, 7)}`);
}

export function renderGaveUpCheck(repo: RepoRef, name: string, sha: string, entry: Pick<JournalEntry, "id" | "name">, gaveUp: GaveUp): UpsertCheckRunEffect {
  const summary = [
    `signalbox could not finish handling the \`${entry.name}\` event (delivery \`${entry.id}\`): ` +
      `GitHub failed on each of ${gaveUp.attempts} attempts, and signalbox stopped retrying.`,
    "",
    `Last error: ${gaveUp.reason}`,
    "",
    "What was already done stands, and nothing is done twice when it is tried again. To finish:",
    "check https://www.githubstatus.com, then redeliver this delivery from the GitHub App's settings",
    "(Advanced → Recent deliveries), or push again.",
  ].join("\n");
  return { kind: "upsertCheckRun", repo, name, headSha: sha, status: "completed", conclusion: "failure", title: "Stopped: GitHub kept failing", summary };
}

/**
 * signalbox/train on the commit the train event was about and on every commit whose train check
 * the entry's decisions had written (e.g. the release head it was tagging), when there is a train.
 */
async function trainTarget(entry: JournalEntry, payload: Record<string, unknown>, repo: RepoRef, store: Store): Promise<Array<{ name: string; sha: string }>> {
  const trigger = translateEntry(entry.name, payload, { own: false }).find(isTrainInput);
  if (!trigger || !(await store.configs.lastValid(repo))?.train) return [];
  const decisions = await recordedTrainDecisions(store.effects, entry.id);
  const written = decisions.flatMap((d) => d.effects).flatMap((e) => (e.kind === "upsertCheckRun" && e.name === TRAIN_CHECK ? [e.headSha] : []));
  const first = shaOfTrigger(trigger) ?? (await store.trains.get(repo)).head?.sha;
  const shas = [...new Set([...(first ? [first] : []), ...written])];
  return shas.map((sha) => ({ name: TRAIN_CHECK, sha }));
}

function shaOfTrigger(trigger: TrainInput): string | undefined {
  if (trigger.kind === "branchPush") return trigger.after;
  return "sha" in trigger && typeof trigger.sha === "string" ? trigger.sha : undefined;
}

/** The runs the entry decided to start (not saved yet), and each unfinished run on the commit it names. */
async function pipelineTargets(entry: JournalEntry, repo: RepoRef, payload: Record<string, unknown>, store: Store): Promise<Array<{ name: string; sha: string }>> {
  const decided = ((await store.effects.find(decidedRunsKey(entry.id)))?.result ?? []) as Array<{ pipeline: string; sha: string }>;
  const sha = shaOfPayload(payload);
  const active = sha ? (await store.runs.forRepo(repoKey(repo), { sha })).filter((run) => run.sha === sha && !FINISHED_RUN.has(run.status)) : [];
  const targets = [...decided, ...active].map((run) => ({ name: `signalbox/${run.pipeline}`, sha: run.sha }));
  return targets.filter((t, i) => targets.findIndex((o) => o.name === t.name && o.sha === t.sha) === i);
}

function shaOfPayload(p: Record<string, unknown>): string | undefined {
  const get = (path: string[]): unknown => path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], p);
  const candidates = [get(["after"]), get(["sha"]), get(["check_run", "head_sha"]), get(["workflow_run", "head_sha"]), get(["pull_request", "head", "sha"]), get(["event", "sha"]), ...shasOfEvents(p.events)];
  return candidates.find((value): value is string => typeof value === "string" && /^[0-9a-f]{40}$/.test(value));
}

/** The commits a synthetic entry's events name (`signalbox.event`). */
function shasOfEvents(events: unknown): unknown[] {
  const named = (event: Record<string, unknown>) => [event.after, event.sha, event.headSha];
  return Array.isArray(events) ? events.flatMap((event) => (event && typeof event === "object" ? named(event as Record<string, unknown>) : [])) : [];
}
