/** "Where is my change": the in-place comment on each merged PR, from what the state knows of it. */
import { renderWhereComment, WHERE_MARKER } from "../render/train-where-comment.js";
import type { RepoRef } from "../types.js";
import type { TrainEffect } from "./effects.js";
import type { MergedPr, TrainState } from "./state.js";

/** One upsertComment per PR whose stage the state records; `promoted` marks them in production. */
export function whereEffects(prs: MergedPr[], state: TrainState, repo: RepoRef, promoted = false): TrainEffect[] {
  return prs.flatMap((pr) => {
    const stage = state.prStages[String(pr.number)];
    if (!stage) return [];
    const body = renderWhereComment({ ...stage, promoted });
    return [{ kind: "upsertComment", repo, issueNumber: pr.number, marker: WHERE_MARKER, body }];
  });
}

/**
 * Record that `prs` went out in `releaseTag`. A PR the state lost track of (lost store) is
 * described by the release's own test tag, which includes it.
 */
export function recordRelease(state: TrainState, prs: MergedPr[], testTag: string, releaseTag: string): TrainState["prStages"] {
  const prStages = { ...state.prStages };
  for (const pr of prs) prStages[String(pr.number)] = { testTag: prStages[String(pr.number)]?.testTag ?? testTag, releaseTag, pr };
  return prStages;
}

/** Promoted PRs are done; their entries are dropped so the state does not grow. */
export function forgetPrs(state: TrainState, prs: MergedPr[]): TrainState["prStages"] {
  const prStages = { ...state.prStages };
  for (const pr of prs) delete prStages[String(pr.number)];
  return prStages;
}
