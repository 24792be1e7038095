/** A release-train effect and GitHub's answer, as the step and outcome the metrics count. */
import { formatTrainStep } from "../../src/metrics/train-steps.js";
import type { TrainGitHubEffect } from "../../src/core/train/effects.js";
import type { TrainEffectResult } from "../../src/effects/train-port.js";

const repo = { owner: "o", repo: "r", installationId: 1 };
const merge = { kind: "mergeBranch", repo, base: "release", head: "abc", commitMessage: "m" } as TrainGitHubEffect;
const tag = { kind: "createTag", repo, name: "test-1", sha: "abc" } as TrainGitHubEffect;
const release = (prerelease: boolean, draft: boolean) => ({ kind: "createRelease", repo, tagName: "release-1", name: "n", body: "b", prerelease, draft, makeLatest: "false" }) as TrainGitHubEffect;
const update = (fields: object) => ({ kind: "updateRelease", repo, releaseId: 1, tagName: "release-1", ...fields }) as TrainGitHubEffect;
const view = { release: { id: 1, tagName: "release-1", draft: false, prerelease: true } } as unknown as TrainEffectResult;

describe("formatTrainStep", () => {
  it.each<[string, TrainGitHubEffect, TrainEffectResult, [string, string] | null]>([
    ["a merge", merge, { status: 201, sha: "def" }, ["merge", "merged"]],
    ["a merge with nothing to merge", merge, { status: 204 }, ["merge", "up_to_date"]],
    ["a merge conflict", merge, { status: 409, message: "conflict" }, ["merge", "conflict"]],
    ["a merge into a missing branch", merge, { status: 404 }, ["merge", "missing_branch"]],
    ["a new tag", tag, { ref: "created" }, ["tag", "created"]],
    ["a tag already on the commit", tag, { ref: "exists-same-sha" }, ["tag", "exists"]],
    ["a tag name taken by another commit", tag, { ref: "exists-other-sha" }, ["tag", "taken"]],
    ["a pre-release", release(true, false), view, ["release", "prerelease"]],
    ["a draft", release(true, true), view, ["release", "draft"]],
    ["a draft published", update({ draft: false }), view, ["release", "published"]],
    ["a promotion", update({ prerelease: false, makeLatest: "true" }), view, ["promote", "promoted"]],
    ["an issue", { kind: "openIssue", repo, title: "t", body: "b" } as TrainGitHubEffect, { issueNumber: 3 }, null],
  ])("%s", (_label, effect, result, expected) => {
    expect(formatTrainStep(effect, result)).toEqual(expected);
  });
});
