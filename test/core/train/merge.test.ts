import { decideMergeResult, decideSourcePush } from "../../../src/core/train/decide-merge.js";
import type { TrainState } from "../../../src/core/train/state.js";
import { HEAD, HEAD2, SRC, SRC2, config, now, pr, setup, state, summarize } from "./fixtures.js";

const facts = (over = {}) => ({ ...setup(over), openBlockingIssue: null as number | null });

it("a push to the source is merged into the release branch, its PRs kept pending", () => {
  const d = decideSourcePush(state(), { kind: "sourcePush", sha: SRC, prs: [pr(1)] }, setup(), now);
  expect(summarize(d.effects)).toEqual(["merge aaa into release"]);
  expect(d.state.pending).toEqual([{ sourceSha: SRC, prs: [pr(1)] }]);
});

const pending = state({ pending: [{ sourceSha: SRC, prs: [pr(1)] }] });

it.each<[string, TrainState, 201 | 204 | 404 | 409, ReturnType<typeof facts>, string[]]>([
  ["first merge: the branch is missing, so it is created at the source commit, then gated", pending, 404, facts(),
    ["createBranch release at aaa", "startPipeline release (gate) at aaa", 'check signalbox/train in_progress "Gate running"']],
  ["later merge: the new head is gated", pending, 201, facts(),
    ["startPipeline release (gate) at ccc", 'check signalbox/train in_progress "Gate running"']],
  ["no gate and no test_tag policy: tagged at once", pending, 201, facts({ config: config({ gate: null }) }),
    ["createTag test-2026.11.22-1 at ccc", 'check signalbox/train in_progress "Tagging"']],
  ["no gate pipeline but a test_tag policy: the policy is evaluated", pending, 201, facts({ config: config({ gate: null }), testTagPolicy: true }),
    ["evaluateGate test_tag at ccc", 'check signalbox/train in_progress "Gate running"']],
  ["nothing to merge: nothing happens", pending, 204, facts(), []],
  ["conflict: a failed check on the source commit and one issue", pending, 409, facts(),
    ['check signalbox/train failure "Merge conflict: not merged into release"', "openIssue Release train blocked: main conflicts with release"]],
  ["conflict while the issue is open: no second issue", pending, 409, { ...facts(), openBlockingIssue: 12 },
    ['check signalbox/train failure "Merge conflict: not merged into release"']],
  ["conflict again before GitHub lists the new issue: still one", state({ ...pending, blocked: { sourceSha: SRC2, at: "x", issueOpened: true } }), 409, facts(),
    ['check signalbox/train failure "Merge conflict: not merged into release"']],
  ["the train moves again: the blocking issue is closed", state({ ...pending, blocked: { sourceSha: SRC, at: "x", issueOpened: true } }), 201, { ...facts(), openBlockingIssue: 12 },
    ["closeIssue #12", "startPipeline release (gate) at ccc", 'check signalbox/train in_progress "Gate running"']],
  ["nothing to merge also unblocks", pending, 204, { ...facts(), openBlockingIssue: 12 }, ["closeIssue #12"]],
])("%s", (_, before, status, f, expected) => {
  const d = decideMergeResult(before, { kind: "mergeResult", sourceSha: SRC, status, mergeSha: HEAD }, f, now);
  expect(summarize(d.effects)).toEqual(expected);
  if (status === 409) expect(d.state.blocked?.issueOpened).toBe(true);
  else expect(d.state.blocked).toBeNull();
});

it("the conflict check and issue say what to do", () => {
  const d = decideMergeResult(pending, { kind: "mergeResult", sourceSha: SRC, status: 409 }, facts(), now);
  const check = d.effects[0]!;
  expect(check.kind === "upsertCheckRun" && check.headSha).toBe(SRC);
  expect(check.kind === "upsertCheckRun" && check.summary).toContain("/train resume");
  const issue = d.effects[1]!;
  expect(issue.kind === "openIssue" && issue.body).toContain("git merge origin/main");
  expect(d.state.pending).toEqual(pending.pending);
});

it("two pushes racing: the first result carries only its own PRs; the second merges the rest", () => {
  let s = decideSourcePush(state(), { kind: "sourcePush", sha: SRC, prs: [pr(1)] }, setup(), now).state;
  s = decideSourcePush(s, { kind: "sourcePush", sha: SRC2, prs: [pr(2)] }, setup(), now).state;
  const first = decideMergeResult(s, { kind: "mergeResult", sourceSha: SRC, status: 201, mergeSha: HEAD }, facts(), now);
  expect(first.state.head?.prs.map((p) => p.number)).toEqual([1]);
  expect(first.state.pending.map((p) => p.sourceSha)).toEqual([SRC2]);
  const second = decideMergeResult(first.state, { kind: "mergeResult", sourceSha: SRC2, status: 201, mergeSha: HEAD2 }, facts(), now);
  // The first head was never tagged, so its PRs ride along with the second.
  expect(second.state.head).toMatchObject({ sha: HEAD2, testTag: null });
  expect(second.state.head?.prs.map((p) => p.number)).toEqual([1, 2]);
  expect(second.state.pending).toEqual([]);
});

it("a later push after a tagged head starts a fresh list of PRs", () => {
  const s = state({ head: { sha: HEAD, prs: [pr(1)], gate: null, testTag: "test-2026.11.22-1", releaseTag: null }, pending: [{ sourceSha: SRC2, prs: [pr(2)] }] });
  const d = decideMergeResult(s, { kind: "mergeResult", sourceSha: SRC2, status: 201, mergeSha: HEAD2 }, facts(), now);
  expect(d.state.head?.prs.map((p) => p.number)).toEqual([2]);
});

it("a paused train queues pushes without merging", () => {
  const paused = state({ paused: { reason: "incident", by: "ops", at: "t" } });
  const d = decideSourcePush(paused, { kind: "sourcePush", sha: SRC, prs: [pr(1)] }, setup(), now);
  expect(d.effects).toEqual([]);
  expect(d.reason).toContain("queued");
  expect(d.state.pending).toHaveLength(1);
});

it("a 201 without the merge commit is a bug in the caller, not a decision", () => {
  expect(() => decideMergeResult(pending, { kind: "mergeResult", sourceSha: SRC, status: 201 }, facts(), now)).toThrow(/without the merge commit/);
});

it("a merge recognised as the one already made for the release head changes nothing (a push seen twice)", () => {
  const head = { sha: HEAD, prs: [pr(1)], gate: null, testTag: "test-2026.11.22-1", releaseTag: null };
  const d = decideMergeResult(state({ ...pending, head }), { kind: "mergeResult", sourceSha: SRC, status: 201, mergeSha: HEAD }, facts(), now);
  expect(summarize(d.effects)).toEqual([]);
  expect(d.state.head).toEqual(head);
});

it("a test tag already on the new head is reused, not followed by a second one (a lost answer retried)", () => {
  const tagged = facts({ config: config({ gate: null }), tags: [{ name: "test-2026.11.22-1", sha: HEAD }] });
  const d = decideMergeResult(pending, { kind: "mergeResult", sourceSha: SRC, status: 201, mergeSha: HEAD }, tagged, now);
  expect(summarize(d.effects)).toEqual(["createTag test-2026.11.22-1 at ccc", 'check signalbox/train in_progress "Tagging"']);
});
