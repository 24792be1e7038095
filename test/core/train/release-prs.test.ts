import { buildReleasePrs } from "../../../src/core/train/release-prs.js";
import { initialTrainState, type MergedPr, type PrStage } from "../../../src/core/train/state.js";
import { dateScheme } from "../../../src/core/versions/tag-scheme.js";

const pr = (number: number): MergedPr => ({ number, title: `Change ${number}`, author: `dev${number}`, labels: [] });
const stages = (entries: Array<[number, PrStage]>) => ({ ...initialTrainState(), prStages: Object.fromEntries(entries.map(([n, s]) => [String(n), s])) });

it.each<[string, MergedPr[], Array<[number, PrStage]>, string, string | null, number[]]>([
  ["GitHub's PRs alone", [pr(1), pr(2)], [], "release-2026.11.22-2", "test-2026.11.22-2", [1, 2]],
  ["the train's PRs when GitHub finds none (its own merge commit)", [], [[3, { testTag: "test-2026.11.22-1", pr: pr(3) }]], "release-2026.11.22-1", "test-2026.11.22-1", [3]],
  ["a PR both know, once", [pr(3)], [[3, { testTag: "test-2026.11.22-1", pr: pr(3) }]], "release-2026.11.22-1", "test-2026.11.22-1", [3]],
  ["not a PR tagged after this release's test tag", [], [[4, { testTag: "test-2026.11.22-3", pr: pr(4) }]], "release-2026.11.22-2", "test-2026.11.22-2", []],
  ["not a PR an earlier release took", [], [[5, { testTag: "test-2026.11.22-1", releaseTag: "release-2026.11.22-1", pr: pr(5) }]], "release-2026.11.22-2", "test-2026.11.22-2", []],
  ["a PR this release took (promotion)", [], [[6, { testTag: "test-2026.11.22-1", releaseTag: "release-2026.11.22-2", pr: pr(6) }]], "release-2026.11.22-2", null, [6]],
  ["not a stage saved without its PR", [], [[7, { testTag: "test-2026.11.22-1" }]], "release-2026.11.22-1", "test-2026.11.22-1", []],
])("%s", (_name, fromGitHub, entries, releaseTag, testTag, expected) => {
  expect(buildReleasePrs(fromGitHub, stages(entries), dateScheme, releaseTag, testTag).map((p) => p.number)).toEqual(expected);
});
