/** A push webhook → the `push` event the config check takes (null for a push that is not to a branch). */
import type { PushEvent, RepoRef } from "../../core/types.js";

/** GitHub lists at most this many commits in a push payload; more means the list is truncated. */
const PUSH_COMMIT_LIMIT = 20;
const ZERO_SHA = /^0+$/;

interface Payload {
  [key: string]: unknown;
}

export function translatePush(payload: Payload, repo: RepoRef): PushEvent | null {
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
