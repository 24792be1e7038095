/**
 * What every handler of the dispatch table gets: the entry, its repository, the app's ports, and
 * the repository's facts (GitHub port, config, and the deps built on them), loaded once, on first use.
 */
import type { ConfigResult } from "../config/parse-config.js";
import type { RepoRef } from "../core/types.js";
import type { GitHubPort, GitHubPortFactory } from "../effects/github-port.js";
import type { EffectsRunner } from "../effects/runner.js";
import type { TrainPort } from "../effects/train-port.js";
import type { MetricsObserver } from "../metrics/metrics.js";
import type { JournalEntry, Store } from "../store/store.js";
import type { ConfigFacts } from "./config-facts.js";
import { finishPipelineRun } from "./handle-runs.js";
import type { GateDeps } from "./process-gates.js";
import type { RunDeps } from "./process-runs.js";

export interface ProcessDeps {
  github: GitHubPortFactory;
  runner: EffectsRunner;
  /** The app's own bot login (e.g. "signalbox[bot]"), so events it caused are recognised. */
  botLogin: () => Promise<string | null>;
  store: Store;
  configs: ConfigFacts;
  /** The release train's GitHub calls, per installation. */
  trains: (installationId: number) => Promise<TrainPort>;
  /** Counts pipeline, train and gate outcomes. */
  metrics?: MetricsObserver;
}

export interface RepoFacts {
  repo: RepoRef;
  port: GitHubPort;
  config: ConfigResult;
  gates: GateDeps;
  runs: RunDeps;
}

export interface HandlerContext {
  entry: JournalEntry;
  deps: ProcessDeps;
  /** The default branch, when the entry named it. */
  defaultBranch?: string;
  /** The repository's facts; loaded by the first handler that asks (after the config check's). */
  facts: () => Promise<RepoFacts>;
}

export function createHandlerContext(entry: JournalEntry, repo: RepoRef | null, defaultBranch: string | undefined, deps: ProcessDeps): HandlerContext {
  let facts: Promise<RepoFacts> | undefined;
  return {
    entry,
    deps,
    ...(defaultBranch ? { defaultBranch } : {}),
    facts: () => {
      if (!repo) return Promise.reject(new Error(`${entry.name}: an event without a repository reached a repository handler`));
      facts ??= loadRepoFacts(entry, repo, deps);
      return facts;
    },
  };
}

async function loadRepoFacts(entry: JournalEntry, repo: RepoRef, deps: ProcessDeps): Promise<RepoFacts> {
  const port = await deps.github(repo.installationId);
  const config = await deps.configs.load(port, repo);
  const gates: GateDeps = { port, runner: deps.runner, store: deps.store, config, now: entry.receivedAt, source: entry.id, metrics: deps.metrics };
  const runs: RunDeps = {
    port,
    runner: deps.runner,
    runs: deps.store.runs,
    comments: deps.store,
    configs: deps.configs,
    metrics: deps.metrics,
    onRunFinished: (run) => finishPipelineRun(run, repo, entry, gates),
  };
  return { repo, port, config, gates, runs };
}
