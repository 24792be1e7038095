/** PR comments (/retest, /test <pipeline>, /cancel, /run <job>) and check-run buttons. */
import type { PipelineEffect } from "../types.js";
import { decideCommentHead } from "./decide-comment-head.js";
import { canAct, type DecideContext, type RunDecision } from "./run-context.js";
import { cancelFor } from "./decide-pull-request.js";
import type { CheckActionEvent, CommandEvent } from "./events.js";
import { cancelRun, playManualJob, rerunFailed, startRun, type RunChange } from "./run-actions.js";
import type { PipelineRun } from "./types.js";

export function decideCommand(event: CommandEvent, ctx: DecideContext): RunDecision {
  const reply = (body: string, reason: string): RunDecision => ({
    runs: [],
    effects: [{ kind: "comment", repo: event.repo, issueNumber: event.prNumber, body: `@${event.sender.login} ${body}` }],
    reason,
  });
  // A redelivered comment was answered when it was first handled: once per comment id.
  if (ctx.facts.comment?.handledBefore) return { runs: [], effects: [], reason: `comment ${event.commentId} handled already` };
  const trustedBot = ctx.facts.trustedBots.includes(event.sender.login);
  if (event.sender.isBot && !trustedBot) return { runs: [], effects: [], reason: `command from bot ${event.sender.login}; ignored` };
  if (!trustedBot && !canAct(ctx.facts.permission)) return reply(`only people with write access can use \`/${event.command}\`.`, "commenter lacks write permission");
  const pr = ctx.facts.pullRequest;
  if (!pr?.open) return reply("this pull request is closed.", "pull request closed");
  const moved = decideCommentHead({ command: event.command, commentedAt: new Date(event.commentedAt), headSha: pr.headSha, headPushedAt: ctx.facts.comment?.headPushedAt ?? null });
  if (moved) return reply(moved.reply, moved.reason);
  const decision = runCommand(event, ctx, pr.headSha);
  if (typeof decision === "string") return reply(decision, decision);
  const ack: PipelineEffect = { kind: "react", repo: event.repo, commentId: event.commentId, content: "+1" };
  return { ...decision, effects: [ack, ...decision.effects] };
}

/** The command's decision, or a short explanation of why nothing happens. */
function runCommand(event: CommandEvent, ctx: DecideContext, headSha: string): RunDecision | string {
  const latest = latestRunsOn(ctx.facts.runs, headSha, event.prNumber);
  switch (event.command) {
    case "retest": {
      const failed = latest.filter((run) => run.status === "failed" || run.status === "canceled");
      if (failed.length === 0) return "nothing failed on the latest commit, so there is nothing to re-run.";
      return collect(failed.map((run) => rerunFailed(run, ctx.facts.pipelines[run.pipeline]!, ctx.now, ctx.groups)), "re-ran failed jobs");
    }
    case "test":
      return startByName(event, ctx);
    case "cancel": {
      const cancelled = cancelFor({ number: event.prNumber }, ctx, () => true, `cancelled by @${event.sender.login}`);
      return cancelled.runs.length ? cancelled : "no pipeline is running on this pull request.";
    }
    case "run": {
      const run = latest.find((r) => r.jobs[event.argument ?? ""]?.status === "manual");
      if (!run) return `no manual job \`${event.argument ?? ""}\` is waiting on the latest commit.`;
      return collect([playManualJob(run, event.argument!, ctx.facts.pipelines[run.pipeline]!, ctx.now, ctx.groups)], `started ${event.argument}`);
    }
  }
}

function startByName(event: CommandEvent, ctx: DecideContext): RunDecision | string {
  const name = event.argument ?? "";
  const pipeline = ctx.facts.pipelines[name];
  const pr = ctx.facts.pullRequest!;
  if (!pipeline) return `there is no pipeline \`${name}\`; known: ${Object.keys(ctx.facts.pipelines).join(", ") || "none"}.`;
  const previous = cancelFor({ number: event.prNumber }, ctx, (run) => run.pipeline === name, `restarted by @${event.sender.login}`);
  const spec = {
    id: ctx.newRunId(name),
    repo: event.repo,
    pipeline: name,
    sha: pr.headSha,
    trigger: { kind: "comment" as const, prNumber: event.prNumber, actor: event.sender.login },
    dispatchRef: pr.fork ? pr.baseRef : pr.headRef,
    boundToSha: pr.fork,
  };
  const started = startRun(spec, pipeline, ctx.now, ctx.groups);
  return { runs: [...previous.runs, started.run], effects: [...previous.effects, ...started.effects], reason: `started ${name}` };
}

export function decideCheckAction(event: CheckActionEvent, ctx: DecideContext): RunDecision {
  const nothing = (reason: string): RunDecision => ({ runs: [], effects: [], reason });
  if (!canAct(ctx.facts.permission) && !ctx.facts.trustedBots.includes(event.sender.login)) return nothing(`${event.sender.login} lacks write permission`);
  const run = latestRunsOn(ctx.facts.runs, event.sha).find((r) => r.pipeline === event.pipeline);
  const pipeline = ctx.facts.pipelines[event.pipeline];
  if (!run || !pipeline) return nothing(`no run of ${event.pipeline} on ${event.sha.slice(0, 7)}`);
  if (event.action === "rerun-failed") {
    return run.status === "running" ? nothing("still running") : collect([rerunFailed(run, pipeline, ctx.now, ctx.groups)], "re-ran failed jobs");
  }
  if (event.action === "cancel") {
    if (run.status !== "running" && run.status !== "manual") return nothing("already finished");
    return collect([cancelRun(run, pipeline, ctx.now, `cancelled by @${event.sender.login}`)], "cancelled");
  }
  const job = event.action.startsWith("run:") ? event.action.slice(4) : "";
  if (run.jobs[job]?.status !== "manual") return nothing(`no manual job ${job} waiting`);
  return collect([playManualJob(run, job, pipeline, ctx.now, ctx.groups)], `started ${job}`);
}

/** The newest run of each pipeline on `sha` (optionally of one PR). */
function latestRunsOn(runs: PipelineRun[], sha: string, prNumber?: number): PipelineRun[] {
  const newest = new Map<string, PipelineRun>();
  for (const run of runs) {
    if (run.sha !== sha || (prNumber !== undefined && run.trigger.prNumber !== prNumber)) continue;
    const seen = newest.get(run.pipeline);
    if (!seen || seen.createdAt < run.createdAt) newest.set(run.pipeline, run);
  }
  return [...newest.values()];
}

function collect(changes: RunChange[], reason: string): RunDecision {
  return { runs: changes.map((c) => c.run), effects: changes.flatMap((c) => c.effects), reason };
}
