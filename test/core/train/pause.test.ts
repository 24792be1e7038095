import { decideTrainCommand, parseTrainCommand } from "../../../src/core/train/decide-pause.js";
import { decideMergeResult, decideSourcePush } from "../../../src/core/train/decide-merge.js";
import type { Permission } from "../../../src/core/runs/decide-runs.js";
import { HEAD, SRC, SRC2, now, pr, setup, state, summarize } from "./fixtures.js";

const command = (text: string, permission: Permission = "write") => ({
  kind: "trainCommand" as const, ...parseTrainCommand(text)!, issueNumber: 3, commentId: 33, actor: { login: "ops", permission },
});

it.each<[string, ReturnType<typeof parseTrainCommand>]>([
  ["/train pause DC maintenance", { command: "pause", reason: "DC maintenance" }],
  ["thanks\n/train resume", { command: "resume", reason: "" }],
  ["/train   pause", { command: "pause", reason: "" }],
  ["/train stop", null],
  ["please /train pause", null],
])("parseTrainCommand(%j)", (text, expected) => {
  expect(parseTrainCommand(text)).toEqual(expected);
});

it("pause needs write permission", () => {
  const d = decideTrainCommand(state(), command("/train pause x", "triage"), setup(), now);
  expect(summarize(d.effects)).toEqual(["comment #3: @ops only people with write access can pause the train."]);
  expect(d.state.paused).toBeNull();
});

it("pause, queue, resume and catch up with one merge", () => {
  const head = { sha: HEAD, prs: [], gate: null, testTag: "test-2026.11.22-1", releaseTag: null };
  const paused = decideTrainCommand(state({ head }), command("/train pause DC maintenance"), setup(), now);
  expect(summarize(paused.effects)).toEqual(["react +1", 'check signalbox/train success "Paused · Tagged test-2026.11.22-1" [Release]']);
  expect(paused.state.paused).toEqual({ reason: "DC maintenance", by: "ops", at: now.toISOString() });
  const check = paused.effects[1]!;
  expect(check.kind === "upsertCheckRun" && check.summary).toContain("paused by @ops: DC maintenance");
  expect(summarize(decideTrainCommand(paused.state, command("/train pause again"), setup(), now).effects)[0]).toContain("already paused");
  let s = decideSourcePush(paused.state, { kind: "sourcePush", sha: SRC, prs: [pr(1)] }, setup(), now).state;
  s = decideSourcePush(s, { kind: "sourcePush", sha: SRC2, prs: [pr(2)] }, setup(), now).state;
  const resumed = decideTrainCommand(s, command("/train resume"), setup(), now);
  expect(summarize(resumed.effects)).toEqual(["react +1", "merge bbb into release", 'check signalbox/train success "Tagged test-2026.11.22-1" [Release]']);
  const merged = decideMergeResult(resumed.state, { kind: "mergeResult", sourceSha: SRC2, status: 201, mergeSha: "e".repeat(40) }, { ...setup(), openBlockingIssue: null }, now);
  expect(merged.state.head?.prs.map((p) => p.number)).toEqual([1, 2]);
});

it("resume retries a train blocked by a conflict someone resolved by hand", () => {
  const blocked = state({ blocked: { sourceSha: SRC, at: "t", issueOpened: true }, pending: [{ sourceSha: SRC, prs: [pr(1)] }] });
  expect(summarize(decideTrainCommand(blocked, command("/train resume"), setup(), now).effects)).toEqual(["react +1", "merge aaa into release"]);
});

it("resume with nothing to resume says so", () => {
  expect(summarize(decideTrainCommand(state(), command("/train resume"), setup(), now).effects)).toEqual([
    "comment #3: @ops the train is not paused or blocked; nothing to resume.",
  ]);
});
