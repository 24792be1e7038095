/**
 * Pipeline-run events: gather the facts (config from the default branch, the repository's
 * runs, the sender's permission, the pull request), decide, apply the effects, save the runs.
 */
import { advanceRun, finishJob } from "../core/runs/advance-run.js";
import { decideRuns, type RunFacts } from "../core/runs/decide-runs.js";
import type { RunEvent } from "../core/runs/events.js";
import { FINISHED_RUN, type PipelineRun } from "../core/runs/types.js";
import { repoKey, type PipelineEffect } from "../core/types.js";
import type { GitHubPort } from "../effects/github-port.js";
import type { EffectResult, EffectsRunner } from "../effects/runner.js";
import type { RunStore } from "../store/pipeline-runs.js";
import type { MetricsObserver } from "../metrics/metrics.js";
import type { JournalEntry } from "../store/store.js";
import { gatherCommentFacts, notePullHead, type CommentSources } from "./comment-facts.js";
import type { ConfigFacts } from "./config-facts.js";

export interface RunDeps {
  port: GitHubPort;
  runner: EffectsRunner;
  runs: RunStore;
  /** Handled comment ids (effect log) and when signalbox heard each pull request's head. */
  comments: CommentSources;
  configs: ConfigFacts;
  /** Told when a run finishes (its result is recorded; the train hears about its gate runs). */
  onRunFinished?: (run: PipelineRun) => Promise<void>;
  metrics?: MetricsObserver;
}

export async function processRunEvent(event: RunEvent, entry: Pick<JournalEntry, "id" | "receivedAt">, deps: RunDeps): Promise<string> {
  // 1. facts; 2. decide (the entry's arrival time is "now", so a retry decides the same);
  // 3. apply effects; 4. fold dispatch results into the runs; 5. save.
  if (event.kind === "pullRequest") await notePullHead(deps.comments.pullHeads, event.repo, event, entry.receivedAt);
  const facts = await gatherRunFacts(event, entry, deps);
  if (Object.keys(facts.pipelines).length === 0) return "no valid pipelines configured";
  const decision = decideRuns(event, facts, entry.receivedAt, (pipeline) => `${entry.id}:${pipeline}`);
  let runs = decision.runs;
  let effects = decision.effects;
  // Runs are saved once their effects are applied; should GitHub fail until the worker gives up,
  // this note says whose check runs to mark (see surfaceFailure).
  if (runs.length > 0) await deps.runner.note(decidedRunsKey(entry.id), "runsDecided", runs.map(({ pipeline, sha }) => ({ pipeline, sha })));
  // A refused dispatch fails its job, which can start or skip others: apply until it settles.
  // Effects of the config check (same entry) are keyed by the bare entry id; keep these apart.
  for (let round = 0; effects.length > 0; round++) {
    const results = await deps.runner.applyAll(`${entry.id}:runs:${round}`, effects);
    const refused = foldDispatchResults(runs, effects, results, entry.receivedAt);
    ({ runs, effects } = readvance(runs, refused, facts.pipelines, entry.receivedAt));
  }
  for (const run of runs) await deps.runs.save(run);
  // Counted when the run turns finished: a retried entry finds it finished already.
  const finishedBefore = new Set(facts.runs.filter((run) => FINISHED_RUN.has(run.status)).map((run) => run.id));
  for (const run of runs) if (FINISHED_RUN.has(run.status) && !finishedBefore.has(run.id)) deps.metrics?.pipelineFinished(run.trigger.kind, run.status);
  for (const run of runs) {
    if (FINISHED_RUN.has(run.status)) await deps.onRunFinished?.(run);
  }
  return decision.reason;
}

/** Where the effect log notes the runs an entry decided on. */
export function decidedRunsKey(entryId: string): string {
  return `${entryId}:runs:decided`;
}

function readvance(runs: PipelineRun[], ids: Set<string>, pipelines: RunFacts["pipelines"], now: Date) {
  const effects: PipelineEffect[] = [];
  const next = runs.map((run) => {
    if (!ids.has(run.id) || !pipelines[run.pipeline]) return run;
    const advanced = advanceRun(run, pipelines[run.pipeline]!, now);
    effects.push(...advanced.effects);
    return advanced.run;
  });
  return { runs: next, effects };
}

async function gatherRunFacts(event: RunEvent, entry: Pick<JournalEntry, "id" | "receivedAt">, deps: RunDeps): Promise<RunFacts> {
  const config = await deps.configs.load(deps.port, event.repo);
  const facts: RunFacts = {
    pipelines: config.errors.length === 0 ? config.config.pipelines ?? {} : {},
    trustedBots: config.config.trusted_bots ?? [],
    runs: [],
  };
  if (Object.keys(facts.pipelines).length === 0) return facts;
  const about = aboutOf(event);
  facts.runs = await deps.runs.forRepo(repoKey(event.repo), about);
  const asker = "sender" in event && !event.sender.isBot ? event.sender.login : undefined;
  if (asker && needsPermission(event)) facts.permission = (await deps.port.getPermission(event.repo, asker)) as RunFacts["permission"];
  if (event.kind === "command") {
    const pull = await deps.port.getPullRequest(event.repo, event.prNumber);
    facts.pullRequest = pull;
    if (pull) facts.comment = await gatherCommentFacts(deps.comments, deps.port, { ...event, headSha: pull.headSha }, entry);
  }
  if (event.kind === "schedule") Object.assign(event, await deps.port.getBranchHead(event.repo, event.branch || undefined));
  return facts;
}

function aboutOf(event: RunEvent): { prNumber?: number; sha?: string } {
  switch (event.kind) {
    case "pullRequest":
      return { prNumber: event.number };
    case "command":
      return { prNumber: event.prNumber };
    case "checkAction":
    case "commitResult":
      return { sha: event.sha };
    case "workflowRun":
      return { sha: event.headSha };
    case "refPush":
      return { sha: event.sha }; // a push seen before already started its runs on this commit
    case "startPipeline":
    case "schedule":
    case "tick":
    case "jobTimeout":
      return {};
  }
}

/** Only requests from people need a permission check: labels, commands and buttons. */
function needsPermission(event: RunEvent): boolean {
  return (event.kind === "pullRequest" && event.action === "labeled") || event.kind === "command" || event.kind === "checkAction";
}

/** Records on each job the workflow run its dispatch started, so `workflow_run` events find it. */
/** Returns the ids of runs with a job GitHub refused to start (those jobs are failed). */
function foldDispatchResults(runs: PipelineRun[], effects: PipelineEffect[], results: EffectResult[], now: Date): Set<string> {
  const refused = new Set<string>();
  effects.forEach((dispatch, index) => {
    const result = results[index];
    if (dispatch.kind !== "dispatchWorkflow" || !result) return;
    const job = runs.find((run) => run.id === dispatch.runId)?.jobs[dispatch.job];
    if (!job) return;
    if (result.refused) {
      finishJob(job, "failed", now);
      job.reason = `could not start ${dispatch.workflow}: ${result.refused}`;
      refused.add(dispatch.runId);
    } else if (result.workflowRunId && !job.workflowRunId) {
      job.workflowRunId = result.workflowRunId;
      if (result.url) job.url = result.url;
    }
  });
  return refused;
}
