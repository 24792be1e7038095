/** Pipelines started by pushes, tags and schedules. */
import { matchGlob } from "../glob/match-glob.js";
import type { Trigger } from "../../config/schema-pipelines.js";
import { activeRuns, type DecideContext, type RunDecision } from "./run-context.js";
import type { RefPushEvent, ScheduleEvent, StartPipelineEvent } from "./events.js";
import { startRun } from "./run-actions.js";
import type { PipelineRun } from "./types.js";

export function decideRefPush(event: RefPushEvent, ctx: DecideContext): RunDecision {
  const matches = (on: Trigger) =>
    typeof on === "object" &&
    (event.ref === "branch" ? "push" in on && on.push === event.name : "tag" in on && matchGlob(event.name, on.tag));
  const trigger = { kind: event.ref === "branch" ? ("push" as const) : ("tag" as const), name: event.name };
  // The same push delivered twice (a redelivery has a new id) starts nothing the first did not.
  // The train starts its gate and package pipelines itself when it merges or tags; the push of
  // that merge or tag arrives afterwards and must not start them a second time.
  const sameTrigger = (r: PipelineRun) => (r.trigger.kind === trigger.kind && r.trigger.name === trigger.name) || r.trigger.kind === "train";
  const started = (name: string) => ctx.facts.runs.some((r) => r.pipeline === name && r.sha === event.sha && sameTrigger(r));
  const names = Object.entries(ctx.facts.pipelines).filter(([name, p]) => matches(p.on) && !started(name)).map(([name]) => name);
  return startAll(names, event, trigger, event.sha, ctx);
}

export function decideStartPipeline(event: StartPipelineEvent, ctx: DecideContext): RunDecision {
  if (!ctx.facts.pipelines[event.pipeline]) return { runs: [], effects: [], reason: `the train asked for ${event.pipeline}, which is not defined` };
  const trigger = { kind: "train" as const, name: event.purpose };
  // A pushed release tag starts its `tag:` pipeline before the train asks for the same one: the
  // train adopts that run (its result then reaches the train) rather than start a second.
  const running = activeRuns(ctx.facts.runs).find((r) => r.pipeline === event.pipeline && r.sha === event.sha && r.dispatchRef === event.ref && r.trigger.kind !== "train");
  if (running) return { runs: [{ ...running, trigger }], effects: [], reason: `the train adopted ${event.pipeline}, already running on ${event.ref}` };
  const spec = { id: ctx.newRunId(event.pipeline), repo: event.repo, pipeline: event.pipeline, sha: event.sha, trigger, dispatchRef: event.ref, boundToSha: false };
  const started = startRun(spec, ctx.facts.pipelines[event.pipeline]!, ctx.now, ctx.groups);
  return { runs: [started.run], effects: started.effects, reason: `started ${event.pipeline} for the train (${event.purpose})` };
}

export function decideSchedule(event: ScheduleEvent, ctx: DecideContext): RunDecision {
  if (!ctx.facts.pipelines[event.pipeline] || !event.sha) return { runs: [], effects: [], reason: `schedule of ${event.pipeline}: nothing to run` };
  return startAll([event.pipeline], event, { kind: "schedule", name: event.branch }, event.sha, ctx);
}

function startAll(names: string[], event: RefPushEvent | ScheduleEvent, trigger: { kind: "push" | "tag" | "schedule"; name: string }, sha: string, ctx: DecideContext): RunDecision {
  if (names.length === 0) return { runs: [], effects: [], reason: `${trigger.kind} ${trigger.name}: no pipeline to start` };
  const started = names.map((name) =>
    startRun(
      { id: ctx.newRunId(name), repo: event.repo, pipeline: name, sha, trigger, dispatchRef: trigger.name, boundToSha: false },
      ctx.facts.pipelines[name]!,
      ctx.now,
      ctx.groups,
    ),
  );
  return { runs: started.map((s) => s.run), effects: started.flatMap((s) => s.effects), reason: `started ${names.join(", ")} on ${trigger.kind} ${trigger.name}` };
}
