/**
 * The one translator of GitHub webhooks: a delivery → every event it means, in the order their
 * handlers run. A push, for instance, is a config check, a re-decision of the gates (when it
 * changed the config), a pipeline trigger and a train trigger.
 */
import { pushTouchesConfig } from "../../core/config-check.js";
import type { Event } from "../../core/events.js";
import type { RepoRef } from "../../core/types.js";
import { repoOf } from "./repo-of.js";
import { translateGates } from "./translate-gates.js";
import { translatePush } from "./translate-push.js";
import { translateRunEvent } from "./translate-runs.js";
import { translateTrain } from "./translate-train.js";

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook JSON, read defensively

/**
 * `own`: signalbox's own bot sent it. The train acted on what it made when it made it, so only
 * pipelines (and gating, bar the board's mirrored statuses) hear of it.
 * The first event is the config check's: `push`, or `ignored` with the reason it has nothing to do.
 */
export function translateWebhook(name: string, p: Payload, cause: { own: boolean }): Event[] {
  const repo = repoOf(p);
  if (!repo) return [{ kind: "ignored", repo: null, reason: `${name}: no repository or installation` }];
  const push = name === "push" ? translatePush(p, repo) : null;
  const configChanged = push !== null && pushTouchesConfig(push);
  return [
    push ?? ignored(repo, name === "push" ? "push: not a branch" : `${name}: nothing to do yet`),
    ...translateGates(name, p, cause),
    ...(configChanged ? [{ kind: "gatesConfigChanged" as const }] : []),
    ...(name === "pull_request" ? [{ kind: "configPullRequest" as const, action: String(p.action), headSha: String(p.pull_request?.head?.sha ?? "") }] : []),
    ...present(translateRunEvent(name, p, repo)),
    ...(cause.own ? [] : present(translateTrain(name, p))),
  ];
}

function ignored(repo: RepoRef, reason: string): Event {
  return { kind: "ignored", repo, reason };
}

function present<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}
