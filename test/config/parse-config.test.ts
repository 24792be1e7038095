import { parseConfig, formatConfigError, formatPath } from "../../src/config/parse-config.js";
import { defaultConfig } from "../../src/config/config-schema.js";
import { ISSUE_3_PIPELINES, ISSUE_4_TRAIN, ISSUE_6_GATES, RELEASE_PIPELINE } from "./examples.js";

describe("parseConfig: valid files", () => {
  it.each([
    ["issue 3's pipelines", ISSUE_3_PIPELINES],
    ["issue 4's train (with its gate pipeline)", `${ISSUE_4_TRAIN}${RELEASE_PIPELINE}`],
    ["issue 6's gates", ISSUE_6_GATES],
    ["all three issues together", `${ISSUE_3_PIPELINES.replace("pipelines:\n", "pipelines:\n  release: { on: { push: release }, jobs: { t: { status: x } } }\n")}${ISSUE_4_TRAIN}${ISSUE_6_GATES}`],
    ["an empty file", ""],
    ["a file of comments", "# nothing yet\n"],
    ["_extends alone", "_extends: .github\n"],
    ["a manual job and .pre/.post stages", "pipelines:\n  ops:\n    on: pull_request\n    stages: [build]\n    jobs:\n      lint: { stage: .pre, status: lint }\n      make: { stage: build, workflow: make.yaml, when: manual }\n      tidy: { stage: .post, check: tidy, needs: [] }\n"],
    ["a schedule without a branch", 'pipelines:\n  nightly:\n    on: { schedule: "0 3 * * *" }\n    jobs:\n      t: { status: ci/nightly }\n'],
    ["YAML merge keys", "pipelines:\n  p:\n    on: pull_request\n    jobs:\n      a: &base { stage: test, status: ci/a }\n      b: { <<: *base, status: ci/b }\n"],
  ])("%s validates with no errors", (_name, text) => {
    const result = parseConfig(text);
    expect(result.errors).toEqual([]);
    expect(result.source).toBe("file");
  });

  it("applies defaults to issue 3's example", () => {
    const { config } = parseConfig(ISSUE_3_PIPELINES);
    const e2e = config.pipelines["e2e"];
    expect(e2e?.on).toEqual({ label: "run-e2e" });
    expect(e2e?.jobs["cleanup"]).toMatchObject({ stage: "test", when: "always", allow_failure: true, workflow: "cleanup.yml" });
    expect(e2e?.jobs["deploy"]).toMatchObject({ when: "on_success", allow_failure: false, needs: ["build-images"] });
    expect(config.train).toBeUndefined();
  });

  it("reads issue 4's train with its promote settings", () => {
    const { config } = parseConfig(`${ISSUE_4_TRAIN}${RELEASE_PIPELINE}`);
    expect(config.train).toEqual({
      branch: "release", source: "main", gate: "release", nightly: "0 15 * * 1-5", scheme: "date",
      promote: { after: "24h", auto: false, enforce: false },
    });
  });

  it("fills train defaults: branch release, no gate, manual promotion", () => {
    expect(parseConfig("train: {}\n").config.train).toEqual({
      branch: "release", gate: null, scheme: "date", promote: { after: "24h", auto: false, enforce: false },
    });
  });

  it("a missing file means safe defaults: nothing turned on", () => {
    const result = parseConfig(null);
    expect(result).toEqual({ config: defaultConfig(), errors: [], source: "default" });
    expect(result.config).toEqual({ pipelines: {}, gates: {}, board: { mappings: [] }, trusted_bots: [] });
  });
});

const jobs = (lines: string) => `pipelines:\n  e2e:\n    on: pull_request\n    jobs:\n${lines}`;

describe("parseConfig: errors name the field and the line", () => {
  it.each<[string, string, string, number, string]>([
    ["an unknown top-level key, with a hint", "pipeline: {}\n", "pipeline", 1, 'unknown key "pipeline"; did you mean "pipelines"?'],
    ["an unknown top-level key, far from any", "colour: red\n", "colour", 1, 'unknown key "colour"; expected one of: _extends, pipelines, train, gates, board, trusted_bots'],
    ["an unknown job key", jobs("      a:\n        status: x\n        stgae: test\n"), "pipelines.e2e.jobs.a.stgae", 7, 'unknown key "stgae"; did you mean "stage"?'],
    ["a bad when", jobs("      deploy: { status: x, when: sometimes }\n"), "pipelines.e2e.jobs.deploy.when", 5, 'must be one of on_success, on_failure, always, manual (got "sometimes")'],
    ["a wrong type", jobs("      a: { status: x, needs: build }\n"), "pipelines.e2e.jobs.a.needs", 5, 'must be a list (got "build")'],
    ["a missing trigger (points at the pipeline's key)", "pipelines:\n  e2e:\n    jobs:\n      a: { status: x }\n", "pipelines.e2e.on", 2, "is required"],
    ["a bad trigger", "pipelines:\n  e2e:\n    on: pull-request\n    jobs: { a: { status: x } }\n", "pipelines.e2e.on", 3, 'must be pull_request, { label: <name> }, { push: <branch> }, { tag: <glob> } or { schedule: <cron>, branch: <name> } (got "pull-request")'],
    ["a bad cron in a schedule trigger", "pipelines:\n  n:\n    on: { schedule: '0 3 * *' }\n    jobs: { a: { status: x } }\n", "pipelines.n.on.schedule", 3, 'must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 15 * * 1-5" (got 4 fields)'],
    ["a bad timeout", jobs("      a: { status: x, timeout: 1 hour }\n"), "pipelines.e2e.jobs.a.timeout", 5, 'must be a duration such as "90s", "60m", "1h30m" or "2d" (got "1 hour")'],
    ["an unknown need, with a hint", jobs("      build: { stage: build, status: x }\n      deploy:\n        stage: deploy\n        status: y\n        needs: [biuld]\n"), "pipelines.e2e.jobs.deploy.needs[0]", 9, 'needs the job "biuld", which is not defined in this pipeline; did you mean "build"?'],
    ["a needs cycle", jobs("      a: { status: x, needs: [b] }\n      b: { status: x, needs: [c] }\n      c: { status: x, needs: [a] }\n"), "pipelines.e2e.jobs.a.needs[0]", 5, "needs form a cycle: a → b → c → a"],
    ["a job needing itself", jobs("      a: { status: x, needs: [a] }\n"), "pipelines.e2e.jobs.a.needs[0]", 5, "needs form a cycle: a → a"],
    ["a need in a later stage", jobs("      a: { stage: build, status: x, needs: [b] }\n      b: { stage: deploy, status: x }\n"), "pipelines.e2e.jobs.a.needs[0]", 5, 'needs "b", which is in the later stage "deploy"; a job can only need jobs of its own or an earlier stage'],
    ["a stage not in stages", "pipelines:\n  e2e:\n    on: pull_request\n    stages: [build]\n    jobs:\n      a: { stage: test, status: x }\n", "pipelines.e2e.jobs.a.stage", 6, 'stage "test" is not in this pipeline\'s stages (build)'],
    ["a job with two kinds", jobs("      a: { status: x, workflow: a.yml }\n"), "pipelines.e2e.jobs.a", 5, "must have exactly one of workflow, status or check (got workflow and status)"],
    ["a job with no kind, even manual", jobs("      a: { when: manual }\n"), "pipelines.e2e.jobs.a", 5, "must have exactly one of workflow, status or check (got none)"],
    ["a pipeline without jobs", "pipelines:\n  e2e:\n    on: pull_request\n    jobs: {}\n", "pipelines.e2e.jobs", 4, "must define at least one job"],
    ["a reserved pipeline name", "pipelines:\n  promote:\n    on: pull_request\n    jobs: { a: { status: x } }\n", "pipelines.promote", 2, 'pipeline name "promote" is reserved for signalbox\'s own check runs; choose another name'],
    ["a pipeline name starting with gate", "pipelines:\n  gatekeeper:\n    on: pull_request\n    jobs: { a: { status: x } }\n", "pipelines.gatekeeper", 2, 'pipeline name "gatekeeper" is reserved for signalbox\'s own check runs; choose another name'],
    ["train.gate naming an unknown pipeline", `${ISSUE_4_TRAIN}`, "train.gate", 4, 'names the pipeline "release", which is not defined under pipelines; no pipelines are defined'],
    ["a bad nightly cron", 'train:\n  nightly: "0 25 * * *"\n', "train.nightly", 2, 'hour field "25": "25" must be a number from 0 to 23, or *'],
    ["app on a job that is not a check job", jobs("      a: { status: ci/a, app: circleci-checks }\n"), "pipelines.e2e.jobs.a.app", 5, "only check jobs take app (the app whose check run counts)"],
    ["an app that is not a slug", jobs("      a: { check: lint, app: Circle CI }\n"), "pipelines.e2e.jobs.a.app", 5, 'must be a GitHub App\'s slug, e.g. "circleci-checks" (got "Circle CI")'],
    ["a schedule that never fires", "pipelines:\n  n:\n    on: { schedule: '0 3 31 2 *' }\n    jobs: { a: { status: x } }\n", "pipelines.n.on.schedule", 3, "never fires: February has no day 31"],
    ["train source equal to branch", "train: { source: release }\n", "train.source", 1, 'must differ from train.branch ("release"): the train merges source into branch'],
    ["a reserved workflow input", jobs("      a: { workflow: a.yml, inputs: { sha: abc } }\n"), "pipelines.e2e.jobs.a.inputs.sha", 5, '"sha" is always set by signalbox and cannot be given here'],
    ["a gate without require", "gates:\n  promote: { valid_since: 2026-12-01 }\n", "gates.promote.require", 2, "is required"],
    ["a bad gate date", "gates:\n  promote: { require: [a], valid_since: next week }\n", "gates.promote.valid_since", 2, 'must be a date such as 2026-12-01 or a time such as "2026-12-01T09:00:00Z" (got "next week")'],
    ["a file that is a list", "- pipelines\n", "", 1, "the file must be a mapping of sections such as pipelines: and train: (got a list)"],
  ])("%s", (_name, text, path, line, message) => {
    const result = parseConfig(text);
    expect(result.errors).toContainEqual(expect.objectContaining({ path, line, message }));
    expect(result.config).toEqual(defaultConfig());
  });

  it.each<[string, string, number, number, RegExp]>([
    ["an unclosed flow sequence (reported where the input ends)", "pipelines:\n  e2e:\n    stages: [build\n", 4, 1, /^YAML syntax error: /],
    ["a tab indent", "pipelines:\n\te2e: {}\n", 2, 1, /^YAML syntax error: /],
    ["a repeated key", "train: {}\ntrain: {}\n", 2, 1, /^YAML syntax error: Map keys must be unique/],
  ])("YAML syntax: %s is reported at its line", (_name, text, line, column, message) => {
    const [first] = parseConfig(text).errors;
    expect(first).toEqual({ path: "", line, column, message: expect.stringMatching(message) });
  });

  it("points an unknown key at the key itself", () => {
    expect(parseConfig("train:\n  gate: null\n  brnach: main\n").errors).toEqual([
      { path: "train.brnach", line: 3, column: 3, message: 'unknown key "brnach"; did you mean "branch"?' },
    ]);
  });
});

describe("parseConfig: _extends", () => {
  const local = "_extends: .github\npipelines:\n  e2e:\n    on: pull_request\n    jobs:\n      a: { status: x, when: nope }\n";

  it("validates the merged object but points at local lines", () => {
    const resolved = { pipelines: { e2e: { on: "pull_request", jobs: { a: { status: "x", when: "nope" } } } } };
    expect(parseConfig(local, { resolved }).errors).toEqual([
      { path: "pipelines.e2e.jobs.a.when", line: 6, column: 29, message: 'must be one of on_success, on_failure, always, manual (got "nope")' },
    ]);
  });

  it("points errors from the inherited file at the _extends line", () => {
    const resolved = { pipelines: { lint: { on: "pull_request", jobs: { l: { status: "x", when: "never" } } } } };
    const [error] = parseConfig("# header\n_extends: .github\n", { resolved }).errors;
    expect(error).toMatchObject({ path: "pipelines.lint.jobs.l.when", line: 2, message: expect.stringMatching(/\(inherited through _extends\)$/) });
  });

  it("returns the merged config when it is valid", () => {
    const resolved = { train: { gate: null } };
    expect(parseConfig("_extends: .github\n", { resolved }).config.train?.branch).toBe("release");
  });
});

describe("formatting", () => {
  it.each<[PropertyKey[], string]>([
    [["pipelines", "e2e", "jobs", "deploy", "needs", 0], "pipelines.e2e.jobs.deploy.needs[0]"],
    [["pipelines", "e2e", "jobs", "a b"], 'pipelines.e2e.jobs["a b"]'],
    [[], ""],
  ])("formatPath(%j) = %s", (path, expected) => expect(formatPath(path)).toBe(expected));

  it("formats an error as line:column path: message", () => {
    expect(formatConfigError({ path: "train.gate", line: 4, column: 9, message: "bad" })).toBe("4:9 train.gate: bad");
  });
});
