/**
 * The release train's GitHub writes, through the train port; the effects runner calls these. The
 * answers (merge status, whether a tag name was taken, the release created) go back to the train
 * as events. The port looks before it writes where a lost answer could repeat a write: a ref that
 * exists on the same commit is done, a release for the tag is found, a comment by its marker.
 */
import type { CreateReleaseEffect, MergeBranchEffect, TrainGitHubEffect, UpdateReleaseEffect } from "../core/train/effects.js";
import type { MergeOutcome, ReleaseView, TrainEffectResult, TrainPort } from "./train-port.js";

export async function applyTrainEffect(effect: TrainGitHubEffect, port: TrainPort): Promise<TrainEffectResult> {
  switch (effect.kind) {
    case "mergeBranch":
      return merge(effect, port);
    case "createBranch":
      return { ref: await port.createRef(effect.repo, `heads/${effect.branch}`, effect.sha) };
    case "createTag":
      return { ref: await port.createRef(effect.repo, `tags/${effect.name}`, effect.sha) };
    case "createRelease":
      return { release: await createRelease(effect, port) };
    case "updateRelease":
      return { release: await updateRelease(effect, port) };
    case "openIssue":
      return { issueNumber: await port.createIssue(effect.repo, effect.title, effect.body) };
    case "closeIssue":
      await port.closeIssue(effect.repo, effect.issueNumber, effect.comment);
      return null;
    case "upsertComment":
      await port.upsertComment(effect.repo, effect.issueNumber, effect.marker, effect.body);
      return null;
  }
}

function merge(effect: MergeBranchEffect, port: TrainPort): Promise<MergeOutcome> {
  return port.mergeBranch(effect.repo, effect.base, effect.head, effect.commitMessage);
}

async function createRelease(effect: CreateReleaseEffect, port: TrainPort): Promise<ReleaseView> {
  // The train creates the tag first; the release points at the commit the tag names.
  const targetSha = await port.getRefSha(effect.repo, `tags/${effect.tagName}`);
  if (!targetSha) throw new Error(`cannot create release ${effect.tagName}: the tag does not exist`);
  return port.createRelease(effect.repo, {
    tagName: effect.tagName,
    name: effect.name,
    body: effect.body,
    prerelease: effect.prerelease,
    draft: effect.draft,
    targetSha,
  });
}

function updateRelease(effect: UpdateReleaseEffect, port: TrainPort): Promise<ReleaseView> {
  return port.updateRelease(effect.repo, effect.releaseId, {
    ...(effect.draft !== undefined ? { draft: effect.draft } : {}),
    ...(effect.prerelease !== undefined ? { prerelease: effect.prerelease } : {}),
    ...(effect.makeLatest !== undefined ? { makeLatest: effect.makeLatest === "true" } : {}),
  });
}
