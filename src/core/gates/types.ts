/**
 * The gating vocabulary, after Fedora's ResultsDB (results), WaiverDB (waivers) and Greenwave
 * (decisions). A Decision is plain JSON in Greenwave's shape, so the API returns it as it is.
 */

/** ResultsDB's outcomes. */
export const OUTCOMES = ["PASSED", "FAILED", "ERROR", "QUEUED", "RUNNING", "INFO", "NEEDS_INSPECTION"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Where a result came from. */
export type ResultSource = "api" | "status" | "check_run" | "workflow_run" | "workflow_job" | "pipeline" | "board";

/** One reported result of a testcase on an item (a commit SHA). Results keep their history. */
export interface Result {
  id: number;
  /** "owner/name", lowercased. */
  repository: string;
  testcase: string;
  /** The commit SHA the test ran on. */
  item: string;
  outcome: Outcome;
  source: string;
  refUrl: string | null;
  note: string | null;
  createdAt: Date;
}

export type NewResult = Omit<Result, "id" | "createdAt" | "repository">;

/** A waiver of one testcase on one item, in one decision context or (context null) all of them. */
export interface Waiver {
  id: number;
  repository: string;
  testcase: string;
  item: string;
  context: string | null;
  reason: string;
  /** Login of who waived it. */
  by: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export type NewWaiver = Omit<Waiver, "id" | "repository" | "revokedAt" | "revokedBy">;

/** Why a requirement counts as met. */
export type SatisfiedType =
  | "test-result-passed"
  | "test-result-failed-waived"
  | "test-result-errored-waived"
  | "test-result-missing-waived"
  | "test-result-failed-quarantined";

/** Why a requirement blocks. "running" covers QUEUED and RUNNING results. */
export type UnsatisfiedType = "test-result-missing" | "test-result-failed" | "test-result-errored" | "test-result-running";

export interface WaiverRef {
  id: number;
  by: string;
  reason: string;
  context: string | null;
  expires_at: string;
}

export interface Requirement<T extends SatisfiedType | UnsatisfiedType = SatisfiedType | UnsatisfiedType> {
  type: T;
  /** The testcase; for a glob that matched nothing, the glob itself. */
  testcase: string;
  item: string;
  /** The deciding (newest) result's outcome; null when no result; NEEDS_INSPECTION for a quarantined failure. */
  outcome: Outcome | null;
  result_id: number | null;
  ref_url: string | null;
  /** The testcase flipped between PASSED and FAILED on this item. */
  flaky: boolean;
  /** The waiver that satisfied it, if any. */
  waiver: WaiverRef | null;
}

export interface Decision {
  satisfied: boolean;
  /** False when the decision time lies outside the policy's valid_since/valid_until: nothing is required. */
  applicable: boolean;
  summary: string;
  satisfied_requirements: Array<Requirement<SatisfiedType>>;
  unsatisfied_requirements: Array<Requirement<UnsatisfiedType>>;
  /** Required testcases whose history on the item flips between PASSED and FAILED. */
  flaky: string[];
}
