/** Config texts shared by the config tests: the issues' examples, verbatim. */

/** Issue 3's pipeline example, byte for byte (comments included). */
export const ISSUE_3_PIPELINES = `pipelines:
  e2e:
    on: { label: run-e2e }          # also: pull_request | { push: <branch> } | { tag: "<glob>" } | { schedule: "<cron>", branch: <name> }
    stages: [build, deploy, test]   # optional; default .pre, build, test, deploy, .post
    jobs:
      build-images: { stage: build, workflow: build-images.yml, inputs: { registry: ghcr } }
      deploy:       { stage: deploy, workflow: deploy.yml, needs: [build-images] }
      run-tests:    { stage: test, status: "ci/e2e", timeout: 60m }
      cleanup:      { stage: test, needs: [run-tests], when: always, workflow: cleanup.yml, allow_failure: true }
`;

/** Issue 4's train example, byte for byte. Its gate names a pipeline "release". */
export const ISSUE_4_TRAIN = `train:
  branch: release          # default "release"
  source: main             # default: the repository's default branch
  gate: release            # a pipeline run on each new release head before tagging; none means tag at once
  nightly: "0 15 * * 1-5"  # optional cron (UTC): re-run the gate on the release head
  promote: { after: 24h, auto: false, enforce: false }
`;

/** Issue 6's gates example, byte for byte. */
export const ISSUE_6_GATES = `gates:
  merge_to_release: { require: ["unit", "e2e"] }
  test_tag:         { require: ["dctest/*"] }                 # globs over testcase names
  promote:          { require: ["staging-smoke", "upgrade"], valid_since: 2026-12-01 }
`;

/** A pipeline named "release" so issue 4's `gate: release` refers to something. */
export const RELEASE_PIPELINE = `pipelines:
  release:
    on: { push: release }
    jobs:
      dctest: { status: "dc/tests" }
`;
