import { decidePromoteCheck, decidePromoteRequest, decideReleaseEdited, type PromoteFacts } from "../../../src/core/train/decide-promote.js";
import type { ReleaseFact } from "../../../src/core/train/state.js";
import { HEAD, config, now, pr, setup, state, summarize } from "./fixtures.js";

const TAG = "release-2026.11.22-5";
const pre: ReleaseFact = { id: 9, tag: TAG, sha: HEAD, draft: false, prerelease: true, publishedAt: "2026-11-21T09:00:00Z" };
const facts = (over: Partial<PromoteFacts> = {}, promote = {}): PromoteFacts => ({
  ...setup({ config: config({ promote: { after: "24h", auto: false, enforce: false, ...promote } }) }, [{ name: "test-2026.11.22-5", sha: HEAD }, { name: TAG, sha: HEAD }]),
  release: pre, gate: { passed: true, summary: "Of 3 required tests, 3 passed" }, prs: [pr(1)], latestRelease: "release-2026.11.20-4", ...over,
});
const PROMOTED = ['updateRelease release-2026.11.22-5 {"prerelease":false,"makeLatest":"true"}', `check signalbox/promote success "${TAG} is in production"`, "upsertComment #1"];

it.each<[string, PromoteFacts, { login: string; permission: "write" | "read" } | null, string[]]>([
  ["the Promote button, write permission", facts(), { login: "eng", permission: "write" }, PROMOTED],
  ["the Promote button, read permission", facts(), { login: "eng", permission: "read" }, [`check signalbox/promote neutral "${TAG} may be promoted" [Promote]`]],
  ["the API (token checked by the caller)", facts(), null, PROMOTED],
  ["the gate fails", facts({ gate: { passed: false, summary: "Of 3 required tests, 1 failed" } }), null, [`check signalbox/promote failure "${TAG} may not be promoted"`]],
  ["still a draft", facts({ release: { ...pre, draft: true } }), null, []],
  ["already promoted", facts({ release: { ...pre, prerelease: false } }), null, []],
  ["a newer release is already the latest", facts({ latestRelease: "release-2026.11.23-6" }), null, [`check signalbox/promote failure "${TAG} may not be promoted"`]],
  ["no such release", facts({ release: null }), null, []],
])("promote request: %s", (_, f, actor, expected) => {
  const d = decidePromoteRequest(state(), { kind: "promoteRequest", tag: TAG, actor }, f, now);
  expect(summarize(d.effects)).toEqual(expected);
});

it("promotion completes the PR comment and forgets the PR", () => {
  const s = state({ prStages: { "1": { testTag: "test-2026.11.22-5", releaseTag: TAG } } });
  const d = decidePromoteRequest(s, { kind: "promoteRequest", tag: TAG, actor: null }, facts(), now);
  const comment = d.effects.find((e) => e.kind === "upsertComment");
  expect(comment?.kind === "upsertComment" && comment.body).toContain("✅ Promoted to production");
  expect(d.state.prStages).toEqual({});
});

it.each<[string, string, Partial<PromoteFacts>, object, string[], string | undefined]>([
  ["not auto: the check offers the button", "2026-11-22T10:00:00Z", {}, {}, [`check signalbox/promote neutral "${TAG} may be promoted" [Promote]`], undefined],
  ["auto, still soaking: wake at the end of the soak", "2026-11-22T08:00:00Z", {}, { auto: true }, [`check signalbox/promote neutral "${TAG} may be promoted" [Promote]`], "2026-11-22T09:00:00.000Z"],
  ["auto, soaked and the gate passes: promoted", "2026-11-22T09:00:00Z", {}, { auto: true }, PROMOTED, undefined],
  ["auto, soaked but the gate fails: not promoted", "2026-11-22T10:00:00Z", { gate: { passed: false, summary: "1 missing" } }, { auto: true }, [`check signalbox/promote failure "${TAG} may not be promoted"`], undefined],
  ["auto, soaked, but a newer release is latest", "2026-11-22T10:00:00Z", { latestRelease: "release-2026.11.23-6" }, { auto: true }, [`check signalbox/promote failure "${TAG} may not be promoted"`], undefined],
])("auto promotion: %s", (_, at, over, promote, expected, wakeAt) => {
  const d = decidePromoteCheck(state(), { kind: "promoteCheck", tag: TAG }, facts(over, promote), new Date(at));
  expect(summarize(d.effects)).toEqual(expected);
  expect(d.wakeAt).toBe(wakeAt);
});

it.each<[string, boolean, boolean, string[]]>([
  ["enforce and a failing gate: set back and explained", true, false, ['updateRelease release-2026.11.22-5 {"prerelease":true}', `check signalbox/promote failure "${TAG} may not be promoted"`]],
  ["enforce and a passing gate: accepted", true, true, [`check signalbox/promote success "${TAG} is in production"`, "upsertComment #1"]],
  ["no enforce: accepted even though the gate fails", false, false, [`check signalbox/promote success "${TAG} is in production"`, "upsertComment #1"]],
])("un-checked by hand: %s", (_, enforce, passed, expected) => {
  const f = facts({ release: { ...pre, prerelease: false }, gate: { passed, summary: "Of 2 required tests, 1 failed" } }, { enforce });
  const d = decideReleaseEdited(state(), { kind: "releaseEdited", tag: TAG, prerelease: false, sender: "hasty" }, f, now);
  expect(summarize(d.effects)).toEqual(expected);
  const check = d.effects.find((e) => e.kind === "upsertCheckRun");
  if (enforce && !passed) expect(check?.kind === "upsertCheckRun" && check.summary).toContain("@hasty un-checked pre-release");
});
