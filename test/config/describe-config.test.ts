import { describeConfig } from "../../src/config/describe-config.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { ISSUE_3_PIPELINES, ISSUE_4_TRAIN, ISSUE_6_GATES, RELEASE_PIPELINE } from "./examples.js";

function describeText(text: string | null): string[] {
  const result = parseConfig(text);
  expect(result.errors).toEqual([]);
  return describeConfig(result.config);
}

describe("describeConfig", () => {
  it.each<[string, string | null, string[]]>([
    ["no file", null, ["Nothing is turned on: no pipelines, no release train, no gates."]],
    ["an empty file", "", ["Nothing is turned on: no pipelines, no release train, no gates."]],
    ["issue 3's pipelines", ISSUE_3_PIPELINES, [
      "Pipeline `e2e`: on label `run-e2e`, 4 jobs in 3 stages (build, deploy, test)",
      "No release train: signalbox never merges, tags or releases on its own.",
    ]],
    ["issue 4's train", `${ISSUE_4_TRAIN}${RELEASE_PIPELINE}`, [
      "Pipeline `release`: on push to `release`, 1 job in 1 stage (test)",
      "Release train: main → release, gate `release`, nightly `0 15 * * 1-5`, promotion after 24h (manual)",
    ]],
    ["a default train", "train: { scheme: semver, promote: { auto: true, enforce: true, after: 2d } }\n", [
      "Release train: default branch → release, no gate (tags at once), semver tags, promotion after 2d (automatic, enforced)",
    ]],
    ["issue 6's gates", ISSUE_6_GATES, [
      "Gate `merge_to_release`: requires `unit`, `e2e`",
      "Gate `test_tag`: requires `dctest/*`",
      "Gate `promote`: requires `staging-smoke`, `upgrade` (results since 2026-12-01)",
      "No release train: signalbox never merges, tags or releases on its own.",
    ]],
    ["triggers, manual jobs and extras", [
      "pipelines:",
      "  nightly: { on: { schedule: '0 3 * * *' }, jobs: { t: { status: x } } }",
      "  images: { on: { tag: 'base-*' }, jobs: { b: { stage: build, workflow: b.yml, when: manual } } }",
      "  fast: { on: pull_request, jobs: { lint: { stage: .pre, status: lint }, unit: { status: unit } } }",
      "board: { mappings: ['unit-tests=unit'] }",
      "trusted_bots: ['renovate[bot]']",
      "",
    ].join("\n"), [
      "Pipeline `nightly`: on schedule `0 3 * * *` (UTC) on the default branch, 1 job in 1 stage (test)",
      "Pipeline `images`: on tags matching `base-*`, 1 job in 1 stage (build), 1 manual",
      "Pipeline `fast`: on every pull request, 2 jobs in 2 stages (.pre, test)",
      "No release train: signalbox never merges, tags or releases on its own.",
      "Board: 1 build name mapping.",
      "Trusted bots: `renovate[bot]`.",
    ]],
    ["a label holding backticks", "pipelines:\n  p: { on: { label: 'a`b' }, jobs: { t: { status: x } } }\n", [
      "Pipeline `p`: on label `` a`b ``, 1 job in 1 stage (test)",
      "No release train: signalbox never merges, tags or releases on its own.",
    ]],
  ])("%s", (_name, text, lines) => {
    expect(describeText(text)).toEqual(lines);
  });
});
