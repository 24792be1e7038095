/**
 * The dispatch table: one row per event kind, naming the handler that does facts → decide →
 * effects for it. Adding an event kind is one row here and one handler; a kind without a row
 * fails the type check.
 */
import { decidePushConfigCheck, pushTouchesConfig } from "../core/config-check.js";
import type { Event, EventKind } from "../core/events.js";
import type { RunEvent } from "../core/runs/events.js";
import type { TrainInput } from "../core/train/train-events.js";
import type { PushEvent } from "../core/types.js";
import { processConfigPullRequest } from "./config-pull-request.js";
import { handleResultPosted, handleResultReported } from "./handle-gates.js";
import type { HandlerContext } from "./handler-context.js";
import { processWaiveButton, processWaiveComment, reevaluateRecentGates } from "./process-gates.js";
import { processRunEvent } from "./process-runs.js";
import { processTrain } from "./process-train.js";

/** A handler answers with the details of what it did (nothing: it had nothing to do). */
type Handler<K extends EventKind> = (event: Extract<Event, { kind: K }>, ctx: HandlerContext) => Promise<string[]>;

const nothing = async (): Promise<string[]> => [];

const HANDLERS: { [K in EventKind]: Handler<K> } = {
  // the config check
  push: handleConfigPush,
  configPullRequest: async (event, ctx) => {
    const { repo, gates } = await ctx.facts();
    const detail = await processConfigPullRequest(event, repo, ctx.deps.configs, gates);
    return detail === null ? [] : [detail];
  },
  ignored: nothing,
  // gating
  resultReported: async (event, ctx) => {
    const { repo, gates } = await ctx.facts();
    return handleResultReported(event, repo, ctx.entry, gates);
  },
  resultPosted: async (event, ctx) => {
    const { repo, gates } = await ctx.facts();
    return handleResultPosted(event, repo, ctx.entry, gates);
  },
  gatesConfigChanged: async (_event, ctx) => {
    const { repo, gates } = await ctx.facts();
    return [`gates re-decided on ${await reevaluateRecentGates(repo, gates)} recent items`];
  },
  waiveButton: async (event, ctx) => {
    const { repo, gates } = await ctx.facts();
    return [(await processWaiveButton(event, repo, gates)) ?? "no waive button"];
  },
  waiveComment: async (event, ctx) => {
    const { repo, gates } = await ctx.facts();
    return [(await processWaiveComment(event, repo, gates)) ?? "no waive command"];
  },
  // pipeline runs
  startPipeline: handleRunEvent,
  pullRequest: handleRunEvent,
  workflowRun: handleRunEvent,
  commitResult: handleRunEvent,
  checkAction: handleRunEvent,
  command: handleRunEvent,
  refPush: handleRunEvent,
  tick: handleRunEvent,
  schedule: handleRunEvent,
  jobTimeout: handleRunEvent,
  // the release train: what webhooks mean to it, and its own events
  branchPush: handleTrain,
  tagPush: handleTrain,
  trainButton: handleTrain,
  releaseChanged: handleTrain,
  trainComment: handleTrain,
  promoteGateChanged: handleTrain,
  sourcePush: handleTrain,
  mergeResult: handleTrain,
  gateResult: handleTrain,
  tagResult: handleTrain,
  nightly: handleTrain,
  releaseButton: handleTrain,
  releaseTagPush: handleTrain,
  packageResult: handleTrain,
  promoteRequest: handleTrain,
  promoteCheck: handleTrain,
  releaseEdited: handleTrain,
  trainCommand: handleTrain,
};

export function dispatch(event: Event, ctx: HandlerContext): Promise<string[]> {
  const handler = HANDLERS[event.kind] as Handler<EventKind>;
  return handler(event as never, ctx);
}

/** The config check: read the config at the pushed commit when the push may have changed it. */
async function handleConfigPush(event: PushEvent, ctx: HandlerContext): Promise<string[]> {
  const { deps, entry } = ctx;
  let configAtHead = null;
  if (pushTouchesConfig(event)) {
    const port = await deps.github(event.repo.installationId);
    deps.configs.forget(event.repo); // the push may have changed it
    configAtHead = await deps.configs.load(port, event.repo, event.after);
  }
  const decision = decidePushConfigCheck(event, configAtHead);
  await deps.runner.applyAll(entry.id, decision.effects);
  return [decision.reason];
}

async function handleRunEvent(event: RunEvent, ctx: HandlerContext): Promise<string[]> {
  return [await processRunEvent(event, ctx.entry, (await ctx.facts()).runs)];
}

async function handleTrain(event: TrainInput, ctx: HandlerContext): Promise<string[]> {
  const { repo, port, config, runs } = await ctx.facts();
  const { deps, entry } = ctx;
  const trainDeps = {
    port,
    train: await deps.trains(repo.installationId),
    runner: deps.runner,
    store: deps.store,
    config,
    defaultBranch: ctx.defaultBranch,
    startPipeline: async (start: RunEvent, source: string) => void (await processRunEvent(start, { id: source, receivedAt: entry.receivedAt }, runs)),
  };
  const detail = await processTrain(event, repo, entry, trainDeps);
  return detail ? [detail] : [];
}
