/** Pull-request events: labels start pipelines, pushes restart or cancel them, closing cancels. */
import type { Trigger } from "../../config/schema-pipelines.js";
import type { PipelineEffect } from "../types.js";
import { activeRuns, advanceAll, canAct, type DecideContext, type RunDecision } from "./run-context.js";
import type { PullRequestEvent } from "./events.js";
import { cancelRun, startRun } from "./run-actions.js";
import type { PipelineRun } from "./types.js";

type PrTarget = Pick<PullRequestEvent, "repo" | "number" | "headSha" | "headRef" | "baseRef" | "fork">;

export function decidePullRequest(event: PullRequestEvent, ctx: DecideContext): RunDecision {
  switch (event.action) {
    case "labeled":
      return decideLabeled(event, ctx);
    case "unlabeled":
      return cancelFor(event, ctx, (run) => run.trigger.kind === "label" && run.trigger.name === event.label, "label removed");
    case "closed":
      return cancelFor(event, ctx, () => true, "pull request closed");
    case "synchronize":
      return decideNewHead(event, ctx);
    case "opened":
    case "reopened":
      return startTriggered(event, ctx, pullRequestPipelines(ctx), "pull request opened");
  }
}

function decideLabeled(event: PullRequestEvent, ctx: DecideContext): RunDecision {
  const names = pipelinesFor(ctx, (on) => typeof on === "object" && "label" in on && on.label === event.label);
  if (names.length === 0) return { runs: [], effects: [], reason: `label ${event.label} starts no pipeline` };
  const trustedBot = ctx.facts.trustedBots.includes(event.sender.login);
  if (event.sender.isBot && !trustedBot) return { runs: [], effects: [], reason: `label added by bot ${event.sender.login}; ignored` };
  if (!trustedBot && !canAct(ctx.facts.permission)) {
    const body = `@${event.sender.login} only people with write access can start ${names.map((n) => `\`${n}\``).join(", ")} with the \`${event.label}\` label, so nothing was started.`;
    return { runs: [], effects: [{ kind: "comment", repo: event.repo, issueNumber: event.number, body }], reason: "labeler lacks write permission" };
  }
  // A label event seen twice (a redelivery has a new id) must not restart what it started.
  const running = activeRuns(ctx.facts.runs).filter((r) => r.sha === event.headSha && r.trigger.kind === "label" && r.trigger.name === event.label && r.trigger.prNumber === event.number);
  const fresh = names.filter((name) => !running.some((r) => r.pipeline === name));
  if (fresh.length === 0) return { runs: [], effects: [], reason: `${names.join(", ")} already running on ${event.headSha.slice(0, 7)} for label ${event.label}` };
  return restart(event, ctx, fresh, { kind: "label", name: event.label!, prNumber: event.number, actor: event.sender.login });
}

/** A new push: cancel what ran on the old commit; re-run what the labels (or PR trigger) ask for. */
function decideNewHead(event: PullRequestEvent, ctx: DecideContext): RunDecision {
  const superseded = cancelFor(event, ctx, (run) => run.sha !== event.headSha, `superseded by ${event.headSha.slice(0, 7)}`);
  const labelled = pipelinesFor(ctx, (on) => typeof on === "object" && "label" in on && event.labels.includes(on.label));
  const started = startTriggered(event, ctx, [...labelled, ...pullRequestPipelines(ctx)], "new push", superseded.runs);
  return { runs: [...superseded.runs, ...started.runs], effects: [...superseded.effects, ...started.effects], reason: started.reason };
}

/** Starts pipelines for a PR event, except on forks: those wait for a maintainer to look at the commit. */
function startTriggered(event: PullRequestEvent, ctx: DecideContext, names: string[], why: string, cancelled: PipelineRun[] = []): RunDecision {
  if (names.length === 0) return { runs: [], effects: [], reason: `${why}: no pipeline to start` };
  if (event.fork) return { runs: [], effects: names.map((name) => mustApprove(event, name, ctx)), reason: `${why}: fork, waiting for a maintainer` };
  const runs = [...ctx.facts.runs.filter((r) => !cancelled.some((c) => c.id === r.id)), ...cancelled];
  return restart(event, { ...ctx, facts: { ...ctx.facts, runs } }, names, { kind: "pull_request", prNumber: event.number });
}

/** Cancels the PR's active runs of these pipelines, then starts each afresh on the head commit. */
function restart(event: PrTarget, ctx: DecideContext, names: string[], trigger: PipelineRun["trigger"]): RunDecision {
  const previous = cancelFor(event, ctx, (run) => names.includes(run.pipeline), `restarted on ${event.headSha.slice(0, 7)}`);
  const runs = [...previous.runs];
  const effects: PipelineEffect[] = [...previous.effects];
  for (const name of names) {
    const spec = {
      id: ctx.newRunId(name),
      repo: event.repo,
      pipeline: name,
      sha: event.headSha,
      trigger,
      // Fork branches cannot be dispatched on; the base branch's workflow tests the PR's sha input.
      dispatchRef: event.fork ? event.baseRef : event.headRef,
      boundToSha: event.fork,
    };
    const started = startRun(spec, ctx.facts.pipelines[name]!, ctx.now, ctx.groups);
    runs.push(started.run);
    effects.push(...started.effects);
  }
  return { runs, effects, reason: `started ${names.join(", ")} on ${event.headSha.slice(0, 7)}` };
}

export function cancelFor(event: Pick<PrTarget, "number">, ctx: DecideContext, match: (run: PipelineRun) => boolean, reason: string): RunDecision {
  const targets = activeRuns(ctx.facts.runs).filter((run) => run.trigger.prNumber === event.number && match(run));
  const changes = targets.map((run) => cancelRun(run, ctx.facts.pipelines[run.pipeline] ?? { on: "pull_request", stages: [], jobs: {} }, ctx.now, reason));
  const freed = advanceAll([], { ...ctx, facts: { ...ctx.facts, runs: ctx.facts.runs.filter((r) => !targets.includes(r)) } }, reason);
  return {
    runs: [...changes.map((c) => c.run), ...freed.runs],
    effects: [...changes.flatMap((c) => c.effects), ...freed.effects],
    reason: targets.length ? `cancelled ${targets.map((r) => r.pipeline).join(", ")}: ${reason}` : reason,
  };
}

function mustApprove(event: PullRequestEvent, name: string, ctx: DecideContext): PipelineEffect {
  const on = ctx.facts.pipelines[name]?.on;
  const how = typeof on === "object" && "label" in on ? `add the \`${on.label}\` label again` : `comment \`/test ${name}\``;
  return {
    kind: "upsertCheckRun",
    repo: event.repo,
    name: `signalbox/${name}`,
    headSha: event.headSha,
    status: "completed",
    conclusion: "action_required",
    title: "A maintainer must approve this commit",
    summary: `This commit comes from a fork, so \`${name}\` does not run on it with the repository's secrets until a maintainer has looked at it. A maintainer can ${how} to run it on ${event.headSha.slice(0, 7)}.`,
  };
}

function pipelinesFor(ctx: DecideContext, match: (on: Trigger) => boolean): string[] {
  return Object.entries(ctx.facts.pipelines).filter(([, p]) => match(p.on)).map(([name]) => name);
}

function pullRequestPipelines(ctx: DecideContext): string[] {
  return pipelinesFor(ctx, (on) => on === "pull_request");
}
