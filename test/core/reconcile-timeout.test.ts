import { decideRuns } from "../../src/core/runs/decide-runs.js";
import type { UpsertCheckRunEffect } from "../../src/core/types.js";
import { NOW, minutesAgo, pipelines, repo, run, running } from "./reconcile-fixtures.js";

const lintRun = (startedMinutesAgo: number) => run({ lint: running(startedMinutesAgo) }, { id: "d-9:lint", pipeline: "lint" });
const event = (startedAt: string) => ({ kind: "jobTimeout" as const, repo, runId: "d-9:lint", job: "lint", startedAt, limit: "60m" });
const decide = (e: ReturnType<typeof event>, runs = [lintRun(61)]) => decideRuns(e, { pipelines, trustedBots: [], runs }, NOW, (p) => `x:${p}`);

it("a job that waited too long times out: the check run concludes timed_out with a Re-run button", () => {
  const decision = decide(event(minutesAgo(61)));
  expect(decision.runs[0]).toMatchObject({ status: "failed", jobs: { lint: { status: "timed_out", reason: "no result within 60m" } } });
  const check = decision.effects.find((e): e is UpsertCheckRunEffect => e.kind === "upsertCheckRun");
  expect(check).toMatchObject({ name: "signalbox/lint", status: "completed", conclusion: "timed_out" });
  expect(check!.actions?.map((a) => a.label)).toContain("Re-run failed");
});

it.each([
  ["the job was re-run since (another start time)", event(minutesAgo(5)), [lintRun(61)]],
  ["the run is gone", event(minutesAgo(61)), []],
  ["the job has its result by now", event(minutesAgo(61)), [run({ lint: { status: "success", startedAt: minutesAgo(61) } }, { id: "d-9:lint", pipeline: "lint", status: "success" })]],
])("nothing happens when %s", (_, e, runs) => {
  const decision = decide(e, runs);
  expect(decision.runs).toEqual([]);
  expect(decision.effects).toEqual([]);
  expect(decision.reason).toMatch(/no longer waiting/);
});
