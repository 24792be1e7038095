/** Turns a GitHub webhook into one domain event. Unknown or irrelevant events become "ignored". */
import type { DomainEvent, PushEvent, RepoRef } from "../../core/types.js";

/** GitHub lists at most this many commits in a push payload; more means the list is truncated. */
const PUSH_COMMIT_LIMIT = 20;
const ZERO_SHA = /^0+$/;

interface Payload {
  [key: string]: unknown;
}

export function translateWebhook(name: string, payload: Payload): DomainEvent {
  const repo = repoOf(payload);
  if (!repo) return { kind: "ignored", repo: null, reason: `${name}: no repository or installation` };
  if (name === "push") return translatePush(payload, repo) ?? ignored(repo, "push: not a branch");
  return ignored(repo, `${name}: nothing to do yet`);
}

function ignored(repo: RepoRef, reason: string): DomainEvent {
  return { kind: "ignored", repo, reason };
}

export function repoOf(payload: Payload): RepoRef | null {
  const repository = payload.repository as { name?: unknown; owner?: { login?: unknown } } | undefined;
  const installation = payload.installation as { id?: unknown } | undefined;
  const owner = repository?.owner?.login;
  if (typeof repository?.name !== "string" || typeof owner !== "string") return null;
  if (typeof installation?.id !== "number") return null;
  return { owner, repo: repository.name, installationId: installation.id };
}

function translatePush(payload: Payload, repo: RepoRef): PushEvent | null {
  const ref = String(payload.ref ?? "");
  if (!ref.startsWith("refs/heads/")) return null;
  const commits = Array.isArray(payload.commits) ? (payload.commits as Payload[]) : [];
  const before = String(payload.before ?? "");
  const after = String(payload.after ?? "");
  const repository = payload.repository as { default_branch?: unknown; master_branch?: unknown };
  return {
    kind: "push",
    repo,
    branch: ref.slice("refs/heads/".length),
    defaultBranch: String(repository.default_branch ?? repository.master_branch ?? "main"),
    before,
    after,
    changedPaths: [...new Set(commits.flatMap(changedPathsOf))],
    changesComplete:
      commits.length > 0 && commits.length < PUSH_COMMIT_LIMIT && !ZERO_SHA.test(before) && payload.forced !== true,
    deleted: payload.deleted === true || ZERO_SHA.test(after),
    sender: String((payload.sender as { login?: unknown } | undefined)?.login ?? ""),
  };
}

function changedPathsOf(commit: Payload): string[] {
  return ["added", "modified", "removed"].flatMap((key) =>
    Array.isArray(commit[key]) ? (commit[key] as unknown[]).filter((p): p is string => typeof p === "string") : [],
  );
}
