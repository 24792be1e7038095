import { decideGateResult, decideNightly, decideTagResult, MAX_TAG_ATTEMPTS } from "../../../src/core/train/decide-tag.js";
import { initialTrainState, type GateReport, type ReleaseHead } from "../../../src/core/train/state.js";
import { decideMergeResult } from "../../../src/core/train/decide-merge.js";
import { HEAD, HEAD2, SRC, config, now, pr, setup, state, summarize } from "./fixtures.js";

const head = (over: Partial<ReleaseHead> = {}): ReleaseHead => ({
  sha: HEAD, prs: [pr(1), pr(2)], gate: { status: "running", nightly: false, at: "t", outcomes: [] }, testTag: null, releaseTag: null, ...over,
});
const pass = [{ name: "dctest/smoke", passed: true, summary: "ok", url: "https://ci.example/1" }];
const fail = [{ name: "dctest/smoke", passed: false, summary: "2 failed", url: "https://ci.example/2" }];
const passed: GateReport = { status: "passed", nightly: false, at: "t", outcomes: [] };
const tags = [{ name: "test-2026.11.20-4", sha: "1".repeat(40) }, { name: "release-2026.11.20-4", sha: "1".repeat(40) }];

it.each<[string, ReleaseHead | null, typeof pass, boolean, string[]]>([
  ["gate passes: the next test tag is created", head(), pass, false, ["createTag test-2026.11.22-5 at ccc", 'check signalbox/train in_progress "Tagging"']],
  ["gate fails: no tag, a failed check", head(), fail, false, ['check signalbox/train failure "Gate failed: not tagged"']],
  ["no results count as a failure", head(), [], false, ['check signalbox/train failure "Gate failed: not tagged"']],
  ["a result for an older head is ignored", head({ sha: HEAD2 }), pass, false, []],
  ["nightly passes on a tagged head: reported only", head({ testTag: "test-2026.11.21-3" }), pass, true, ['check signalbox/train success "Tagged test-2026.11.21-3" [Release]']],
  ["nightly fails on a tagged head: reported", head({ testTag: "test-2026.11.21-3" }), fail, true, ['check signalbox/train failure "Tagged test-2026.11.21-3; nightly gate failed" [Release]']],
  ["nightly passes on a head the gate failed: tagged now", head({ gate: { status: "failed", nightly: false, at: "t", outcomes: fail } }), pass, true, ["createTag test-2026.11.22-5 at ccc", 'check signalbox/train in_progress "Tagging"']],
])("%s", (_, h, outcomes, nightly, expected) => {
  const d = decideGateResult(state({ head: h }), { kind: "gateResult", sha: HEAD, outcomes, nightly }, setup({}, tags), now);
  expect(summarize(d.effects)).toEqual(expected);
});

it("a created tag completes the check with a Release button and comments on each PR", () => {
  const s = state({ head: head({ gate: passed }), tagging: { sha: HEAD, name: "test-2026.11.22-5", attempts: 1 } });
  const d = decideTagResult(s, { kind: "tagResult", sha: HEAD, name: "test-2026.11.22-5", result: "created" }, setup({}, tags), now);
  expect(summarize(d.effects)).toEqual(['check signalbox/train success "Tagged test-2026.11.22-5" [Release]', "upsertComment #1", "upsertComment #2"]);
  expect(d.state.head?.testTag).toBe("test-2026.11.22-5");
  expect(d.state.tagging).toBeNull();
  expect(d.state.prStages).toEqual({
    "1": { testTag: "test-2026.11.22-5", pr: expect.objectContaining({ number: 1, title: "Change 1" }) },
    "2": { testTag: "test-2026.11.22-5", pr: expect.objectContaining({ number: 2, title: "Change 2" }) },
  });
  const check = d.effects[0]!;
  expect(check.kind === "upsertCheckRun" && check.actions?.[0]?.identifier.length).toBeLessThanOrEqual(20);
});

it("a name already on the same commit counts as done", () => {
  const s = state({ head: head({ gate: passed }), tagging: { sha: HEAD, name: "test-2026.11.22-5", attempts: 1 } });
  const d = decideTagResult(s, { kind: "tagResult", sha: HEAD, name: "test-2026.11.22-5", result: "exists-same-sha" }, setup({}, tags), now);
  expect(d.state.head?.testTag).toBe("test-2026.11.22-5");
});

it("a name taken on another commit is retried with the next N, and given up on loudly", () => {
  let s = state({ head: head({ gate: passed }), tagging: { sha: HEAD, name: "test-2026.11.22-5", attempts: 1 } });
  const d = decideTagResult(s, { kind: "tagResult", sha: HEAD, name: "test-2026.11.22-5", result: "exists-other-sha" }, setup({}, tags), now);
  expect(summarize(d.effects)[0]).toBe("createTag test-2026.11.22-6 at ccc");
  expect(d.state.tagging).toEqual({ sha: HEAD, name: "test-2026.11.22-6", attempts: 2 });
  s = state({ head: head({ gate: passed }), tagging: { sha: HEAD, name: "test-2026.11.22-9", attempts: MAX_TAG_ATTEMPTS } });
  const given = decideTagResult(s, { kind: "tagResult", sha: HEAD, name: "test-2026.11.22-9", result: "exists-other-sha" }, setup({}, tags), now);
  expect(summarize(given.effects)).toEqual(['check signalbox/train failure "Could not find a free test tag name"']);
});

it("tag numbering after a restart and after a lost store comes from GitHub's tags alone", () => {
  const onGitHub = [...tags, { name: "test-2026.11.22-5", sha: HEAD }];
  const merged = (s: ReturnType<typeof state>) =>
    decideMergeResult(s, { kind: "mergeResult", sourceSha: SRC, status: 201, mergeSha: HEAD2 }, { ...setup({ config: config({ gate: null }) }, onGitHub), openBlockingIssue: null }, now);
  const restarted = merged(state({ pending: [{ sourceSha: SRC, prs: [pr(3)] }], head: head({ testTag: "test-2026.11.22-5" }) }));
  const lost = merged(initialTrainState());
  expect(summarize(restarted.effects)[0]).toBe("createTag test-2026.11.22-6 at ddd");
  expect(summarize(lost.effects)[0]).toBe("createTag test-2026.11.22-6 at ddd");
});

it("a result for a tag that is not being created changes nothing", () => {
  const d = decideTagResult(state({ head: head() }), { kind: "tagResult", sha: HEAD, name: "test-2026.11.22-5", result: "created" }, setup(), now);
  expect(d.effects).toEqual([]);
});

it.each<[string, ReturnType<typeof state>, ReturnType<typeof setup>, string[]]>([
  ["re-runs the gate on the release head", state({ head: head({ gate: null, testTag: "test-2026.11.21-3" }) }), setup(), ["startPipeline release (nightly) at ccc", 'check signalbox/train in_progress "Tagged test-2026.11.21-3; nightly gate running" [Release]']],
  ["nothing without a release head", state(), setup(), []],
  ["nothing without a gate", state({ head: head({ gate: null }) }), setup({ config: config({ gate: null }) }), []],
  ["nothing while the gate runs", state({ head: head() }), setup(), []],
])("nightly: %s", (_, s, f, expected) => {
  expect(summarize(decideNightly(s, { kind: "nightly" }, f, now).effects)).toEqual(expected);
});
