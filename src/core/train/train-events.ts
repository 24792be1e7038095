/**
 * What the release train hears. `TrainEvent`: the events its deciders take (some fed back from
 * the answers to its own effects). `TrainWebhookEvent`: what a webhook means to the train before
 * facts resolve it into a `TrainEvent` (which branch is the source, which PRs a push merged, who
 * pressed the button).
 */
import type { MergeResultEvent, SourcePushEvent } from "./decide-merge.js";
import type { TrainCommand, TrainCommandEvent } from "./decide-pause.js";
import type { PromoteCheckEvent, PromoteRequestEvent, ReleaseEditedEvent } from "./decide-promote.js";
import type { PackageResultEvent, ReleaseButtonEvent, ReleaseTagPushEvent } from "./decide-release.js";
import type { GateResultEvent, NightlyEvent, TagResultEvent } from "./decide-tag.js";

export type TrainEvent =
  | SourcePushEvent
  | MergeResultEvent
  | GateResultEvent
  | TagResultEvent
  | NightlyEvent
  | ReleaseButtonEvent
  | ReleaseTagPushEvent
  | PackageResultEvent
  | PromoteRequestEvent
  | PromoteCheckEvent
  | ReleaseEditedEvent
  | TrainCommandEvent;

/** A result `gates.promote` requires arrived for `sha`: judge its newest release again. */
export interface PromoteGateChangedEvent {
  kind: "promoteGateChanged";
  sha: string;
}

/** A push to a branch (the train's source, if it is that branch). */
export interface BranchPushEvent {
  kind: "branchPush";
  branch: string;
  before: string;
  after: string;
}

/** A tag was pushed (a release tag someone made by hand, if the tag scheme claims it). */
export interface TagPushEvent {
  kind: "tagPush";
  name: string;
  sha: string;
}

/** The Release or Promote button on the `signalbox/train` check run. */
export interface TrainButtonEvent {
  kind: "trainButton";
  action: "release" | "promote";
  sha: string;
  sender: string;
}

/** A release was published, edited or promoted on GitHub. */
export interface ReleaseChangedEvent {
  kind: "releaseChanged";
  action: string;
  tag: string;
  prerelease: boolean;
  draft: boolean;
  sender: string;
}

/** `/train pause <reason>` or `/train resume` in a comment. */
export interface TrainCommentEvent {
  kind: "trainComment";
  command: TrainCommand;
  issueNumber: number;
  commentId: number;
  sender: string;
}

export type TrainWebhookEvent = BranchPushEvent | TagPushEvent | TrainButtonEvent | ReleaseChangedEvent | TrainCommentEvent;

/** Everything the train handler takes. */
export type TrainInput = TrainEvent | PromoteGateChangedEvent | TrainWebhookEvent;

/** Every kind the train takes, once (a missing one fails the type check). */
const TRAIN_KINDS: Record<TrainInput["kind"], true> = {
  ...{ sourcePush: true, mergeResult: true, gateResult: true, tagResult: true, nightly: true, releaseButton: true },
  ...{ releaseTagPush: true, packageResult: true, promoteRequest: true, promoteCheck: true, releaseEdited: true },
  ...{ trainCommand: true, promoteGateChanged: true, branchPush: true, tagPush: true, trainButton: true },
  ...{ releaseChanged: true, trainComment: true },
};

export function isTrainInput(event: { kind: string }): event is TrainInput {
  return Object.hasOwn(TRAIN_KINDS, event.kind);
}
