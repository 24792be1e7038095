/**
 * A build reported to the board, as a gating result (source `board`). Results are keyed by
 * `owner/name`, so a CI that clones from a mirror (git.internal.example/org/app) reports results
 * the GitHub repository org/app's gates read. A repository string without an owner and a name
 * (a local path) gives no result.
 */
import { parseBuildOutcome, type NewResult } from "../gates/index.js";
import type { BuildReport } from "../board/types.js";
import { parseHostedRepository, type GitHubRepo } from "./github-mirror.js";

export function buildResultOf(report: BuildReport): { repo: GitHubRepo; result: NewResult } | null {
  const hosted = parseHostedRepository(report.repository);
  if (!hosted) return null;
  return {
    repo: { owner: hosted.owner, repo: hosted.repo },
    result: { testcase: report.name, item: report.revision, outcome: parseBuildOutcome(report.status), source: "board", refUrl: report.statusUrl, note: null },
  };
}
