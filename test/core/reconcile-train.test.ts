import { planReconcile, type ReconcileEntry } from "../../src/core/reconcile/plan-reconcile.js";
import type { TrainFacts } from "../../src/core/reconcile/types.js";
import type { ReleaseHead } from "../../src/core/train/state.js";
import { HUMAN, MAIN, NOW, RELEASE, facts, minutesAgo, train } from "./reconcile-fixtures.js";
import { initialTrainState } from "../../src/core/train/state.js";

const KEY = "octo-org/app";
const DAY = 86_400_000;

/** Each entry as "<event kinds> <id without the repository prefix>"; a replayed push with its commits and changed paths. */
function summarize(entries: ReconcileEntry[]): string[] {
  return entries.map((entry) => {
    const push = entry.events.find((e) => e.kind === "push");
    const detail = push ? ` ${push.branch} ${push.before.slice(0, 3)}..${push.after.slice(0, 3)}` : "";
    const changed = push?.changedPaths.length ? ` changed ${push.changedPaths.join(",")}` : "";
    return `${entry.events.map((e) => e.kind).join("+")}${detail} ${entry.id.replace(`reconcile:${KEY}:`, "")}${changed}`;
  });
}

function head(over: Partial<ReleaseHead> = {}): ReleaseHead {
  return { sha: RELEASE, prs: [], gate: { status: "passed", nightly: false, at: minutesAgo(30), outcomes: [{ name: "release", passed: true, summary: "passed" }] }, testTag: null, releaseTag: null, ...over };
}

const withHead = (h: ReleaseHead, over: Partial<TrainFacts> = {}) => train({ state: { ...initialTrainState(), head: h }, ...over });

it.each<[string, TrainFacts, string[]]>([
  ["the source moved and the release branch never took it: the push is replayed", train({ sourceAhead: 2 }), [`push+gatesConfigChanged+refPush+branchPush main ddd..ccc source:${MAIN}`]],
  ["the replayed push lists the paths that changed", train({ sourceAhead: 2, sourceChanges: [".github/signalbox.yml"] }), [`push+gatesConfigChanged+refPush+branchPush main ddd..ccc source:${MAIN} changed .github/signalbox.yml`]],
  ["nothing new on the source", train(), []],
  ["committed seconds ago: its push may still come", train({ sourceAhead: 1, sourceCommittedAt: minutesAgo(0.5) }), []],
  ["committed minutes ago and never heard of", train({ sourceAhead: 1, sourceCommittedAt: minutesAgo(5) }), [`push+gatesConfigChanged+refPush+branchPush main ddd..ccc source:${MAIN}`]],
  ["the push is queued already (the train is paused)", train({ sourceAhead: 1, state: { ...initialTrainState(), pending: [{ sourceSha: MAIN, prs: [] }] } }), []],
  ["the push is known to conflict: no second attempt", train({ sourceAhead: 1, state: { ...initialTrainState(), blocked: { sourceSha: MAIN, at: "x", issueOpened: true } } }), []],
  ["no release branch yet: the first merge creates it", train({ sourceAhead: 1, releaseHead: null }), [`push+gatesConfigChanged+refPush+branchPush main 000..ccc source:${MAIN}`]],
  ["a head the train merged and gated, never tagged: tagging is finished", withHead(head()), [`gateResult tag:${RELEASE}`]],
  ["a person pushed on top since: the train's head is tagged, never the person's commit", withHead(head(), { releaseHead: HUMAN }), [`gateResult tag:${RELEASE}`]],
  ["the branch no longer holds the train's head (reset by hand): nothing is tagged", withHead(head(), { releaseHead: HUMAN, releaseHoldsHead: false }), []],
  ["already tagged", withHead(head({ testTag: "test-2026.11.22-1" })), []],
  ["the gate is still running", withHead(head({ gate: { status: "running", nightly: false, at: "x", outcomes: [] } })), []],
  ["the gate failed", withHead(head({ gate: { status: "failed", nightly: false, at: "x", outcomes: [{ name: "release", passed: false, summary: "failed" }] } })), []],
  ["a pre-release that has soaked is judged for promotion", train({ autoPromoteAfterMs: DAY, preReleases: [{ tag: "release-2026.11.21-1", publishedAt: new Date(NOW.getTime() - DAY - 1).toISOString() }] }), ["promoteCheck promote:release-2026.11.21-1"]],
  ["still soaking", train({ autoPromoteAfterMs: DAY, preReleases: [{ tag: "release-2026.11.22-1", publishedAt: minutesAgo(60) }] }), []],
  ["without auto-promotion nothing is promoted", train({ autoPromoteAfterMs: null, preReleases: [{ tag: "release-2026.11.20-1", publishedAt: minutesAgo(5000) }] }), []],
])("%s", (_, t, expected) => {
  expect(summarize(planReconcile(KEY, facts({ train: t })))).toEqual(expected);
});

it("the replayed gate result carries the outcomes the head passed with", () => {
  const [entry] = planReconcile(KEY, facts({ train: withHead(head()) }));
  expect(entry!.events).toEqual([{ kind: "gateResult", sha: RELEASE, nightly: false, outcomes: [{ name: "release", passed: true, summary: "passed" }] }]);
});

it("ids name what they reconcile, so a second pass records nothing new", () => {
  const t = train({ sourceAhead: 1, autoPromoteAfterMs: DAY, preReleases: [{ tag: "release-2026.11.20-1", publishedAt: minutesAgo(5000) }] });
  const first = planReconcile(KEY, facts({ train: t })).map((e) => e.id);
  const second = planReconcile(KEY, facts({ train: t, now: new Date(NOW.getTime() + 300_000) })).map((e) => e.id);
  expect(second).toEqual(first);
  expect(new Set(first).size).toBe(first.length);
});
