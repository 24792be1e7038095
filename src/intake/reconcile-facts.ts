/**
 * Reads what the reconcile decides on: the repository's config and runs from the store, and
 * from GitHub its open pull requests, the workflow runs and results its running jobs wait for,
 * and the release train's branches and pre-releases. Only what a possible entry needs is read.
 */
import { parseDuration } from "../config/duration.js";
import type { ConfigResult } from "../config/parse-config.js";
import type { CommitResultFact, OpenPull, ReconcileFacts, TrainFacts, WorkflowRunFact } from "../core/reconcile/types.js";
import type { Pipeline } from "../core/pipeline/types.js";
import { FINISHED_RUN, type PipelineRun } from "../core/runs/types.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { ReconcilePort } from "../effects/reconcile-port.js";
import type { TrainPort } from "../effects/train-port.js";
import type { Store } from "../store/store.js";

export interface FactSources {
  store: Store;
  github: ReconcilePort;
  train: TrainPort;
  now: Date;
  settleMs: number;
  defaultJobTimeoutMs: number;
}

export async function gatherReconcileFacts(repo: RepoRef, defaultBranch: string, config: ConfigResult, src: FactSources): Promise<ReconcileFacts> {
  // 1. pipelines and the open PRs with their runs; 2. what running jobs wait for; 3. the train.
  const pipelines = config.errors.length === 0 ? config.config.pipelines ?? {} : {};
  const pulls = Object.keys(pipelines).length > 0 ? await src.github.listOpenPulls(repo) : [];
  const runs = await runsOf(repo, pulls, src.store);
  const unstarted = pulls.filter((pull) => mayNeedStarting(pull, runs, pipelines));
  return {
    repo,
    defaultBranch,
    now: src.now,
    settleMs: src.settleMs,
    defaultJobTimeoutMs: src.defaultJobTimeoutMs,
    pipelines,
    runs,
    pulls: await withLabelers(repo, pulls, unstarted, src),
    workflowRuns: await workflowRunsOf(repo, runs, src.github),
    results: await resultsOf(repo, runs, pipelines, unstarted, src.github),
    train: config.errors.length === 0 && config.config.train ? await trainFactsOf(repo, defaultBranch, config, src) : null,
  };
}

async function runsOf(repo: RepoRef, pulls: Array<{ number: number }>, store: Store): Promise<PipelineRun[]> {
  const key = repoKey(repo);
  const lists = [await store.runs.forRepo(key)];
  for (const pull of pulls) lists.push(await store.runs.forRepo(key, { prNumber: pull.number }));
  return [...new Map(lists.flat().map((run) => [run.id, run])).values()];
}

type ListedPull = Omit<OpenPull, "labelers" | "headPushedAt">;

/** A PR with a trigger label and no run on its head (the rare case that costs more reads). */
function mayNeedStarting(pull: ListedPull, runs: PipelineRun[], pipelines: Record<string, Pipeline>): boolean {
  const triggers = new Set(Object.values(pipelines).flatMap(({ on }) => (typeof on === "object" && "label" in on ? [on.label] : [])));
  const ranOnHead = runs.some((run) => run.trigger.prNumber === pull.number && run.sha === pull.headSha);
  return !ranOnHead && pull.labels.some((label) => triggers.has(label));
}

async function withLabelers(repo: RepoRef, pulls: ListedPull[], unstarted: ListedPull[], src: FactSources): Promise<OpenPull[]> {
  const out: OpenPull[] = [];
  for (const pull of pulls) {
    if (!unstarted.includes(pull)) out.push({ ...pull, labelers: {} });
    else out.push({ ...pull, labelers: await src.github.labelers(repo, pull.number), ...(pull.fork ? { headPushedAt: await headPushedAt(repo, pull, src) } : {}) });
  }
  return out;
}

/** When the head was pushed: when signalbox heard it (no API call), else its committer date on GitHub. */
async function headPushedAt(repo: RepoRef, pull: ListedPull, src: FactSources): Promise<string | null> {
  const heard = await src.store.pullHeads.get(repo, pull.number);
  if (heard?.sha === pull.headSha) return heard.heardAt.toISOString();
  return src.github.committedAt(repo, pull.headSha);
}

function runningJobs(runs: PipelineRun[]) {
  return runs.filter((run) => !FINISHED_RUN.has(run.status)).flatMap((run) => Object.entries(run.jobs).filter(([, job]) => job.status === "running").map(([name, job]) => ({ run, name, job })));
}

async function workflowRunsOf(repo: RepoRef, runs: PipelineRun[], github: ReconcilePort): Promise<WorkflowRunFact[]> {
  const ids = new Set(runningJobs(runs).flatMap(({ job }) => (job.workflowRunId ? [job.workflowRunId] : [])));
  const found = await Promise.all([...ids].map((id) => github.getWorkflowRun(repo, id)));
  return found.filter((run): run is WorkflowRunFact => run !== null);
}

/** Results on the commits running jobs wait on, and on unstarted PR heads (their signalbox check runs). */
async function resultsOf(repo: RepoRef, runs: PipelineRun[], pipelines: Record<string, Pipeline>, unstarted: ListedPull[], github: ReconcilePort): Promise<CommitResultFact[]> {
  const waiting = runningJobs(runs).filter(({ run, name }) => {
    const spec = pipelines[run.pipeline]?.jobs[name];
    return spec?.status !== undefined || spec?.check !== undefined;
  });
  const shas = [...new Set([...waiting.map(({ run }) => run.sha), ...unstarted.map((pull) => pull.headSha)])];
  return (await Promise.all(shas.map((sha) => github.listResults(repo, sha)))).flat();
}

async function trainFactsOf(repo: RepoRef, defaultBranch: string, config: ConfigResult, src: FactSources): Promise<TrainFacts> {
  const train = config.config.train!;
  const sourceBranch = train.source ?? defaultBranch;
  const [sourceHead, releaseHead] = [await src.train.getRefSha(repo, `heads/${sourceBranch}`), await src.train.getRefSha(repo, `heads/${train.branch}`)];
  // A missing release branch is created by the first merge: the source is "ahead" of it.
  const sourceAhead = !sourceHead ? 0 : releaseHead ? await src.train.commitsBetween(repo, releaseHead, sourceHead) : 1;
  const sourceChanges = sourceAhead > 0 && sourceHead && releaseHead ? await src.github.changedPaths(repo, releaseHead, sourceHead) : null;
  const sourceCommittedAt = sourceAhead > 0 && sourceHead ? await src.github.committedAt(repo, sourceHead) : null;
  const auto = train.promote.auto ? parseDuration(train.promote.after) : null;
  const state = await src.store.trains.get(repo);
  const head = state.head && !state.head.testTag && state.head.gate?.status === "passed" ? state.head.sha : null;
  // The branch holds the head when the head has no commit the branch lacks.
  const releaseHoldsHead = head !== null && releaseHead !== null && (head === releaseHead || (await src.train.commitsBetween(repo, releaseHead, head)) === 0);
  const releases = auto === null ? [] : await src.train.listReleases(repo);
  return {
    state,
    sourceBranch,
    releaseBranch: train.branch,
    sourceHead,
    releaseHead,
    sourceAhead,
    sourceChanges,
    sourceCommittedAt,
    releaseHoldsHead,
    autoPromoteAfterMs: auto,
    preReleases: releases.filter((r) => r.prerelease && !r.draft && r.publishedAt).map((r) => ({ tag: r.tagName, publishedAt: r.publishedAt! })),
  };
}
