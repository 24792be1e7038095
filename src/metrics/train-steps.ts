/**
 * The release-train step an applied GitHub effect was, and how it ended, as metric labels: a
 * fixed vocabulary, whatever the repository, branch or tag was called.
 */
import type { TrainGitHubEffect } from "../core/train/effects.js";
import type { TrainEffectResult } from "../effects/train-port.js";

const MERGE_OUTCOMES: Record<number, string> = { 201: "merged", 204: "up_to_date", 404: "missing_branch", 409: "conflict" };
const REF_OUTCOMES: Record<string, string> = { created: "created", "exists-same-sha": "exists", "exists-other-sha": "taken" };

/** [step, outcome], or null for effects that are not a step of the train (issues, comments). */
export function formatTrainStep(effect: TrainGitHubEffect, result: TrainEffectResult): [string, string] | null {
  switch (effect.kind) {
    case "mergeBranch":
      return ["merge", result && "status" in result ? (MERGE_OUTCOMES[result.status] ?? "other") : "other"];
    case "createTag":
      return ["tag", result && "ref" in result ? (REF_OUTCOMES[result.ref] ?? "other") : "other"];
    case "createBranch":
      return ["branch", result && "ref" in result ? (REF_OUTCOMES[result.ref] ?? "other") : "other"];
    case "createRelease":
      return ["release", effect.draft ? "draft" : effect.prerelease ? "prerelease" : "release"];
    case "updateRelease":
      if (effect.prerelease === false) return ["promote", "promoted"];
      return effect.draft === false ? ["release", "published"] : null;
    default:
      return null;
  }
}
