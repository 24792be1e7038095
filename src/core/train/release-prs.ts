/** Which PRs a release carries: the one answer the Release button, a pushed tag and promotion share. */
import type { TagScheme } from "../versions/tag-scheme.js";
import type { MergedPr, TrainState } from "./state.js";

/**
 * The PRs GitHub finds between the previous release and the release's commit, joined with the PRs
 * the train itself carried to a test tag this release includes (`testTag` or older) and not yet
 * released, or already recorded in `releaseTag`. GitHub alone misses them when the commit is the
 * train's own merge commit and no previous release bounds the range: no PR claims that commit.
 */
export function buildReleasePrs(fromGitHub: MergedPr[], state: TrainState, scheme: TagScheme, releaseTag: string, testTag: string | null): MergedPr[] {
  const prs = new Map(fromGitHub.map((pr) => [pr.number, pr]));
  const stages = Object.values(state.prStages).sort((a, b) => (a.pr?.number ?? 0) - (b.pr?.number ?? 0));
  for (const stage of stages) {
    if (!stage.pr || prs.has(stage.pr.number)) continue;
    const inThisRelease = stage.releaseTag === releaseTag;
    const waiting = stage.releaseTag === undefined && testTag !== null && scheme.compare(stage.testTag, testTag) <= 0;
    if (inThisRelease || waiting) prs.set(stage.pr.number, stage.pr);
  }
  return [...prs.values()];
}
