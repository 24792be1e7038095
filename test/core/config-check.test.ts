import { parseConfig } from "../../src/config/parse-config.js";
import { CONFIG_PATH, decideConfigCheck, decidePushConfigCheck, pushTouchesConfig } from "../../src/core/config-check.js";
import type { Decision, PushEvent, UpsertCheckRunEffect } from "../../src/core/types.js";

const checkRun = (decision: Decision) => decision.effects[0] as UpsertCheckRunEffect;

const repo = { owner: "octo-org", repo: "app", installationId: 1 };
const push = (overrides: Partial<PushEvent> = {}): PushEvent => ({
  kind: "push",
  repo,
  branch: "main",
  defaultBranch: "main",
  before: "a".repeat(40),
  after: "b".repeat(40),
  changedPaths: [CONFIG_PATH],
  changesComplete: true,
  deleted: false,
  sender: "maintainer",
  ...overrides,
});

describe("pushTouchesConfig", () => {
  it.each([
    ["a push to the default branch changing the file", {}, true],
    ["a push to another branch", { branch: "feature" }, false],
    ["a push that does not change the file", { changedPaths: ["README.md"] }, false],
    ["a truncated push (the file may have changed)", { changedPaths: ["README.md"], changesComplete: false }, true],
    ["a branch deletion", { deleted: true }, false],
  ])("%s → %s", (_label, overrides, expected) => {
    expect(pushTouchesConfig(push(overrides))).toBe(expected);
    // Only a push that may have changed the file needs it read at its head.
    if (expected) expect(() => decidePushConfigCheck(push(overrides), null)).toThrow(/config at the pushed commit/);
    else expect(decidePushConfigCheck(push(overrides), null)).toEqual({ effects: [], reason: "push does not change the config" });
  });
});

describe("decideConfigCheck", () => {
  it("fails with the field, line and problem of a broken file", () => {
    const text = "train:\n  branch: release\n  promote: { after: soon }\n";
    const decision = decideConfigCheck(push(), parseConfig(text, { path: CONFIG_PATH }));
    const effect = checkRun(decision);
    expect(effect).toMatchObject({ kind: "upsertCheckRun", name: "signalbox/config", headSha: "b".repeat(40), conclusion: "failure" });
    expect(effect.summary).toContain("| 3 | `train.promote.after` |");
    expect(effect.annotations).toEqual([
      expect.objectContaining({ path: CONFIG_PATH, startLine: 3, endLine: 3, level: "failure", title: "train.promote.after" }),
    ]);
    expect(effect.title).toBe("1 error in .github/signalbox.yml");
  });

  it("succeeds and says what a valid file turns on", () => {
    const text = "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      tests: { status: ci/e2e }\n";
    const decision = decideConfigCheck(push(), parseConfig(text, { path: CONFIG_PATH }));
    expect(decision.effects[0]).toMatchObject({ conclusion: "success", title: "Config is valid" });
    expect(checkRun(decision).summary).toContain("run-e2e");
    expect(checkRun(decision).annotations).toEqual([]);
  });

  it("says safe defaults apply when the file was removed", () => {
    const decision = decideConfigCheck(push(), parseConfig(null, { path: CONFIG_PATH }));
    expect(decision.effects[0]).toMatchObject({ conclusion: "success" });
    expect(checkRun(decision).summary).toContain("safe defaults");
  });

  it("stays quiet when a push of unknown changes has no config file", () => {
    const decision = decideConfigCheck(push({ changedPaths: [], changesComplete: false }), parseConfig(null, { path: CONFIG_PATH }));
    expect(decision.effects).toEqual([]);
  });

  it("keeps a hostile message from breaking the summary table", () => {
    const text = "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      a: { status: x, when: \"x|y\\nz\" }\n";
    const summary = (decideConfigCheck(push(), parseConfig(text, { path: CONFIG_PATH })).effects[0] as UpsertCheckRunEffect).summary;
    const rows = summary.split("\n").filter((line) => line.startsWith("| 5 |"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("x\\|y");
  });

  it("caps annotations at GitHub's 50 per request", () => {
    const jobs = Array.from({ length: 60 }, (_, i) => `      j${i}: { status: s, when: bogus }`).join("\n");
    const text = `pipelines:\n  p:\n    on: pull_request\n    jobs:\n${jobs}\n`;
    const effect = checkRun(decideConfigCheck(push(), parseConfig(text, { path: CONFIG_PATH })));
    expect(effect.annotations).toHaveLength(50);
    expect(effect.summary.split("\n").filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(60);
  });
});

describe("decidePushConfigCheck", () => {
  it("does nothing for a push that leaves the config alone", () => {
    expect(decidePushConfigCheck(push({ changedPaths: ["src/x.ts"] }), null).effects).toEqual([]);
  });

  it("checks the config read at the pushed commit", () => {
    const decision = decidePushConfigCheck(push(), parseConfig("version: 1\n", { path: CONFIG_PATH }));
    expect(decision.effects).toEqual([expect.objectContaining({ kind: "upsertCheckRun", headSha: push().after })]);
  });
});
