/** Webhook payloads the tests send again and again, built from @octokit/webhooks-examples. */
import type { RepoRef } from "../../src/core/types.js";
import { buildWebhook } from "../fakes/webhooks.js";

/** The push to the default branch that a merged pull request causes. */
export function mergePushPayload(repo: RepoRef, before: string, after: string, added: string[], sender = "author") {
  return buildWebhook("push", undefined, {
    repo,
    patch: (p: any) => {
      Object.assign(p, { ref: "refs/heads/main", before, after, deleted: false, forced: false, created: false });
      p.repository.default_branch = "main";
      p.commits = [{ ...(p.commits?.[0] ?? {}), id: after, added, removed: [], modified: [] }];
      p.sender = { ...p.sender, login: sender, type: "User" };
    },
  });
}

/** Someone pressing one of a check run's buttons. */
export function buttonPayload(repo: RepoRef, check: string, identifier: string, sha: string, sender = "maintainer") {
  return buildWebhook("check_run", "requested_action", {
    repo,
    patch: (p: any) => {
      Object.assign(p.check_run, { name: check, head_sha: sha });
      p.requested_action = { identifier };
      p.sender = { ...p.sender, login: sender, type: "User" };
    },
  });
}
