/**
 * Realistic repositories for the benches: each has a config with a label-triggered pipeline and
 * a schedule on its default branch, the workflows they dispatch, and an open, labelled pull
 * request whose branch has one commit per planned delivery. A `pull_request.synchronize` for it
 * therefore makes the worker do real work: read the config, cancel the run on the previous head,
 * start one on the new head (a check run and a workflow dispatch).
 */
import type { FakeGitHub } from "../../test/fakes/fake-github.js";
import { buildWebhook } from "../../test/fakes/webhooks.js";

export const PIPELINE_LABEL = "run-ci";

export const BENCH_CONFIG = `pipelines:
  ci:
    on: { label: ${PIPELINE_LABEL} }
    jobs:
      build: { workflow: build.yml }
`;

/** The same with a pipeline that runs every minute (for the timer check: it must fire once per minute). */
export const SCHEDULED_CONFIG = `${BENCH_CONFIG}  smoke:
    on: { schedule: "* * * * *" }
    jobs:
      smoke: { workflow: smoke.yml }
`;

export interface BenchRepo {
  owner: string;
  repo: string;
  installationId: number;
  pullNumber: number;
  /** The pull request's head commits, oldest first: delivery n of this repository carries heads[n]. */
  heads: string[];
}

export interface SeedOptions {
  repos: number;
  /** Head commits per repository (one per delivery that should carry a new head). */
  commits: number;
  owner?: string;
  installationId?: number;
  /** How many of the repositories (the first ones) also have the every-minute schedule. */
  scheduled?: number;
}

export function seedBenchRepos(fake: FakeGitHub, options: SeedOptions): BenchRepo[] {
  const owner = options.owner ?? "bench-org";
  const installationId = options.installationId ?? 7070;
  return Array.from({ length: options.repos }, (_, i) => {
    const name = `service-${String(i).padStart(3, "0")}`;
    const repo = fake.addRepo({ owner, repo: name, installationId, defaultBranch: "main" });
    repo.commit("main", {
      files: { ".github/signalbox.yml": i < (options.scheduled ?? 0) ? SCHEDULED_CONFIG : BENCH_CONFIG, ".github/workflows/build.yml": "on: workflow_dispatch\n", ".github/workflows/smoke.yml": "on: workflow_dispatch\n" },
    });
    repo.setPermission("maintainer", "write");
    repo.branch("feature");
    const heads = Array.from({ length: options.commits }, (_, n) => repo.commit("feature", { files: { "VERSION": `${n}\n` } }));
    const pull = repo.addPull({ head: "feature", user: "maintainer", labels: [PIPELINE_LABEL] });
    return { owner, repo: name, installationId, pullNumber: Number(pull.number), heads };
  });
}

/** A commit status on the pull request's head: stored as a result (gating), no GitHub write. */
export function buildStatus(repo: BenchRepo, seq: number): Record<string, unknown> {
  const ref = { owner: repo.owner, repo: repo.repo, installationId: repo.installationId };
  return buildWebhook("status", undefined, {
    repo: ref,
    patch: (p: any) =>
      Object.assign(p, {
        sha: repo.heads[0],
        context: formatStepContext(seq),
        state: "success",
        target_url: `https://ci.example/${repo.repo}/${seq}`,
        sender: { ...p.sender, login: "ci-bot", type: "User" },
      }),
  });
}

/** The status context of delivery `seq`; zero-padded so the contexts sort in delivery order. */
export function formatStepContext(seq: number): string {
  return `bench/step-${String(seq).padStart(5, "0")}`;
}

/**
 * A `pull_request.synchronize` built from GitHub's example, for the repository's pull request at
 * head `heads[seq]` (the first head when the repository has fewer commits). `seq` is carried in
 * the payload too (`signalbox_bench_seq`) so a reader of the journal can check the order.
 */
export function buildSynchronize(repo: BenchRepo, seq: number): Record<string, unknown> {
  const ref = { owner: repo.owner, repo: repo.repo, installationId: repo.installationId };
  const sha = repo.heads[Math.min(seq, repo.heads.length - 1)]!;
  return buildWebhook("pull_request", "synchronize", {
    repo: ref,
    patch: (p: any) => {
      p.number = repo.pullNumber;
      p.pull_request.number = repo.pullNumber;
      p.pull_request.head = { ...p.pull_request.head, sha, ref: "feature", repo: { ...p.repository } };
      p.pull_request.base = { ...p.pull_request.base, ref: "main", repo: { ...p.repository } };
      p.pull_request.labels = [{ name: PIPELINE_LABEL }];
      p.sender = { ...p.sender, login: "maintainer", type: "User" };
      p.signalbox_bench_seq = seq;
    },
  });
}
