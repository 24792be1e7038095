/**
 * The one event language: every source (webhooks, the HTTP APIs, timers, the reconcile, the CLI
 * through the API) is translated into these at intake, and each kind has one handler in the
 * dispatch table (src/app/dispatch.ts). Synthetic journal entries carry one of them as data.
 * Sub-unions live beside the deciders that take them: `RunEvent` (pipelines), `GateEvent`,
 * `TrainInput` (the train, with the events fed back from its own effects' answers).
 */
import type { GateEvent } from "./gates/events.js";
import type { RunEvent } from "./runs/events.js";
import type { TrainInput } from "./train/train-events.js";
import type { ConfigPullRequestEvent, IgnoredEvent, PushEvent } from "./types.js";

export type Event = PushEvent | ConfigPullRequestEvent | IgnoredEvent | RunEvent | GateEvent | TrainInput;

export type EventKind = Event["kind"];

/** Every kind, once: a kind missing here (or one that does not exist) fails the type check. */
const EVENT_KINDS: Record<EventKind, true> = {
  push: true,
  configPullRequest: true,
  ignored: true,
  startPipeline: true,
  pullRequest: true,
  workflowRun: true,
  commitResult: true,
  checkAction: true,
  command: true,
  refPush: true,
  tick: true,
  schedule: true,
  jobTimeout: true,
  resultReported: true,
  resultPosted: true,
  gatesConfigChanged: true,
  waiveComment: true,
  waiveButton: true,
  sourcePush: true,
  mergeResult: true,
  gateResult: true,
  tagResult: true,
  nightly: true,
  releaseButton: true,
  releaseTagPush: true,
  packageResult: true,
  promoteRequest: true,
  promoteCheck: true,
  releaseEdited: true,
  trainCommand: true,
  promoteGateChanged: true,
  branchPush: true,
  tagPush: true,
  trainButton: true,
  releaseChanged: true,
  trainComment: true,
};

/** Whether stored JSON names an event kind signalbox knows (its fields were typed when it was made). */
export function isEvent(value: unknown): value is Event {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof value === "object" && typeof kind === "string" && Object.hasOwn(EVENT_KINDS, kind);
}
