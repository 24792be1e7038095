/** What gating hears: results, a config change, and `/waive` commands and buttons. */
import type { NewResult } from "./types.js";

/** A result seen on GitHub (a commit status, another app's check run, a workflow run or job). */
export interface ResultReportedEvent {
  kind: "resultReported";
  result: NewResult;
}

/** A result posted to the results API or the board's build status; it is stored already. */
export interface ResultPostedEvent {
  kind: "resultPosted";
  testcase: string;
  item: string;
}

/** A push changed the config: the gate check runs of recent items are decided again. */
export interface GatesConfigChangedEvent {
  kind: "gatesConfigChanged";
}

/** A comment that starts with `/waive` or `/unwaive`. */
export interface WaiveCommentEvent {
  kind: "waiveComment";
  /** `created`; an `edited` comment is not a new command. */
  action: string;
  commentId: number;
  /** When the comment was written (ISO 8601): the command acts on the head as it was then. */
  commentedAt: string;
  body: string;
  issueNumber: number;
  /** The comment is on a pull request (waivers are scoped to its head commit). */
  onPullRequest: boolean;
  sender: string;
}

/** The Waive button on a check run. */
export interface WaiveButtonEvent {
  kind: "waiveButton";
  action: string;
  checkName: string;
  headSha: string;
  sender: string;
}

export type GateEvent = ResultReportedEvent | ResultPostedEvent | GatesConfigChangedEvent | WaiveCommentEvent | WaiveButtonEvent;
