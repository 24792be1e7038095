/** The repository most app tests start from, on the fake GitHub. */
import type { FakeGitHub, FakeRepo } from "../fakes/fake-github.js";
import type { Json } from "../fakes/openapi-spec.js";
import { buildWebhook, type WebhookRepo } from "../fakes/webhooks.js";

/** A contributor's pull request from a `feature` branch with one commit. */
export function openContributorPull(repo: FakeRepo): Json {
  repo.branch("feature");
  repo.commit("feature", { files: { "src/app.ts": "export {}\n" } });
  return repo.addPull({ head: "feature", user: "contributor" });
}

/**
 * A repository whose default branch `main` carries `config` as .github/signalbox.yml (none when
 * null), a maintainer with write permission, and a contributor's open pull request.
 */
export function seedRepoWithPull(fake: FakeGitHub, ref: { owner: string; repo: string; installationId: number }, config: string | null): { repo: FakeRepo; pull: Json } {
  const repo = fake.addRepo({ ...ref, defaultBranch: "main" });
  if (config !== null) repo.commit("main", { files: { ".github/signalbox.yml": config } });
  const pull = openContributorPull(repo);
  repo.setPermission("maintainer", "write");
  return { repo, pull };
}

export interface PullWebhookOptions {
  /** The pull request's number. */
  number: number;
  headSha: string;
  /** The head branch; `feature` unless given. */
  head?: string;
  /** The label the pull request carries (and, for `labeled`, the one just added). */
  label?: string;
  /** Who sent the event: the maintainer unless given. */
  sender?: string;
  senderType?: string;
  /** Further changes, applied last. */
  patch?: (payload: any) => void;
}

/** A `pull_request` delivery (GitHub's example payload) for a pull request from `head` into `main`. */
export function pullRequestWebhook(action: string, ref: WebhookRepo, options: PullWebhookOptions): Json {
  const label = options.label ?? "run-e2e";
  return buildWebhook("pull_request", action, {
    repo: ref,
    patch: (p: any) => {
      p.pull_request.number = options.number;
      p.pull_request.head = { ...p.pull_request.head, sha: options.headSha, ref: options.head ?? "feature", repo: { ...p.repository } };
      p.pull_request.base = { ...p.pull_request.base, ref: "main", repo: { ...p.repository } };
      p.pull_request.labels = [{ name: label }];
      p.label = { name: label };
      p.sender = { ...p.sender, login: options.sender ?? "maintainer", type: options.senderType ?? "User" };
      options.patch?.(p);
    },
  });
}
