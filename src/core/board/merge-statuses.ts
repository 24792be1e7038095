/**
 * How builds that share a short name become one box (joakimk/pipeline's MergeBuilds): anything
 * still running wins, then anything not yet reported, then a fixed failure, and a failure beats
 * a success.
 */
export type DisplayStatus = "building" | "successful" | "failed" | "pending" | "fixed";

export const DISPLAY_STATUSES: readonly DisplayStatus[] = ["building", "successful", "failed", "pending", "fixed"];

const PRECEDENCE: readonly DisplayStatus[] = ["building", "pending", "fixed", "failed", "successful"];

export function mergeStatuses(statuses: readonly DisplayStatus[]): DisplayStatus {
  for (const status of PRECEDENCE) {
    if (statuses.includes(status)) return status;
  }
  return "pending";
}
