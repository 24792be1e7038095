import { planReconcile, type ReconcileEntry, type ReconcileFacts } from "../../src/core/reconcile/plan-reconcile.js";
import { HEAD, OLD, REPO, facts, minutesAgo, pull, result, run, running, workflowRun } from "./reconcile-fixtures.js";

const KEY = "octo-org/app";

/**
 * Each entry as "<event kinds> <id without the repository prefix>", with the action or state and
 * the sender of its last event (the pipelines') that matter.
 */
function summarize(entries: ReconcileEntry[]): string[] {
  return entries.map((entry) => {
    const main = entry.events.at(-1) as any;
    const detail = main.action ? ` ${main.action}` : main.state ? ` ${main.state}` : "";
    const sender = main.sender?.login ? ` by ${main.sender.login}${main.sender.isBot ? " (Bot)" : ""}` : "";
    return `${entry.events.map((e) => e.kind).join("+")}${detail}${sender} ${entry.id.replace(`reconcile:${KEY}:`, "")}`;
  });
}

describe("open pull requests with a trigger label", () => {
  it.each<[string, Partial<ReconcileFacts>, string[]]>([
    ["a label whose delivery was lost is added again, by whoever added it", { pulls: [pull()] }, [`configPullRequest+pullRequest labeled by maintainer pr:7:${HEAD}:run-e2e`]],
    ["GitHub shows the pipeline finished on the head (the store forgot the run): not run again", {
      pulls: [pull()], results: [result({ source: "check", name: "signalbox/e2e", id: 5, state: "success" })],
    }, []],
    ["its check run still in progress with no run to finish it: started afresh", {
      pulls: [pull()], results: [result({ source: "check", name: "signalbox/e2e", id: 5, state: null })],
    }, [`configPullRequest+pullRequest labeled by maintainer pr:7:${HEAD}:run-e2e`]],
    ["a run on the head already: nothing", { pulls: [pull()], runs: [run({ build: running(5) })] }, []],
    ["a finished run on the head counts too", { pulls: [pull()], runs: [run({ build: { status: "success" } }, { status: "success" })] }, []],
    ["ran on an older head: the push to the PR was lost, so it is synchronized", { pulls: [pull()], runs: [run({ build: { status: "success" } }, { sha: OLD, status: "success" })] }, [`configPullRequest+pullRequest synchronize pr:7:${HEAD}`]],
    ["the PR was pushed to seconds ago: its synchronize may still come", { pulls: [pull({ updatedAt: minutesAgo(0.5) })], runs: [run({ build: { status: "success" } }, { sha: OLD, status: "success" })] }, []],
    ["a label added seconds ago: its webhook may still come", { pulls: [pull({ labelers: { "run-e2e": { login: "maintainer", at: minutesAgo(0.5) } } })] }, []],
    ["nobody known to have added it: nothing is started on no one's say", { pulls: [pull({ labelers: {} })] }, []],
    ["a label that starts no pipeline", { pulls: [pull({ labels: ["docs"], labelers: { docs: { login: "maintainer", at: minutesAgo(10) } } })] }, []],
    ["a bot's label is sent as the bot's, so only trusted bots start anything", {
      pulls: [pull({ labelers: { "run-e2e": { login: "renovate[bot]", bot: true, at: minutesAgo(10) } } })],
    }, [`configPullRequest+pullRequest labeled by renovate[bot] (Bot) pr:7:${HEAD}:run-e2e`]],
    ["two trigger labels: one entry each", {
      pulls: [pull({ labels: ["run-e2e", "run-lint"], labelers: { "run-e2e": { login: "maintainer", at: minutesAgo(10) }, "run-lint": { login: "other", at: minutesAgo(9) } } })],
    }, [`configPullRequest+pullRequest labeled by maintainer pr:7:${HEAD}:run-e2e`, `configPullRequest+pullRequest labeled by other pr:7:${HEAD}:run-lint`]],
    ["a fork's head pushed before the label: the label is replayed", { pulls: [pull({ fork: true, headPushedAt: minutesAgo(30) })] }, [`configPullRequest+pullRequest labeled by maintainer pr:7:${HEAD}:run-e2e`]],
    ["a fork's head pushed the second the label was added: replayed", { pulls: [pull({ fork: true, headPushedAt: minutesAgo(10) })] }, [`configPullRequest+pullRequest labeled by maintainer pr:7:${HEAD}:run-e2e`]],
    ["a fork's head pushed after the label: synchronized, so a maintainer is asked to look", { pulls: [pull({ fork: true, headPushedAt: minutesAgo(9) })] }, [`configPullRequest+pullRequest synchronize pr:7:${HEAD}`]],
    ["a fork's head pushed at an unknown time: synchronized", { pulls: [pull({ fork: true, headPushedAt: null })] }, [`configPullRequest+pullRequest synchronize pr:7:${HEAD}`]],
    ["a fork's two labels, both older than its head: one synchronize", {
      pulls: [pull({ fork: true, headPushedAt: minutesAgo(1), labels: ["run-e2e", "run-lint"], labelers: { "run-e2e": { login: "maintainer", at: minutesAgo(10) }, "run-lint": { login: "other", at: minutesAgo(9) } } })],
    }, [`configPullRequest+pullRequest synchronize pr:7:${HEAD}`]],
    ["a pull request from the repository itself: its push time does not matter", { pulls: [pull({ headPushedAt: minutesAgo(1) })] }, [`configPullRequest+pullRequest labeled by maintainer pr:7:${HEAD}:run-e2e`]],
  ])("%s", (_, over, expected) => {
    expect(summarize(planReconcile(KEY, facts(over)))).toEqual(expected);
  });

  it("the entry carries the events the lost delivery meant: the config check and the pipelines'", () => {
    const [entry] = planReconcile(KEY, facts({ pulls: [pull({ fork: true, headPushedAt: minutesAgo(30) })] }));
    expect(entry!.events).toEqual([
      { kind: "configPullRequest", action: "labeled", headSha: HEAD },
      { kind: "pullRequest", repo: REPO, action: "labeled", number: 7, headSha: HEAD, headRef: "feature", baseRef: "main", fork: true, label: "run-e2e", labels: ["run-e2e"], sender: { login: "maintainer", isBot: false } },
    ]);
  });
});

describe("running jobs", () => {
  it.each<[string, Partial<ReconcileFacts>, string[]]>([
    ["a finished workflow run nobody heard of", { runs: [run({ build: running(10, { workflowRunId: 901 }) })], workflowRuns: [workflowRun()] }, ["workflowRun completed workflow-run:901"]],
    ["a workflow run still in progress: nothing", { runs: [run({ build: running(10, { workflowRunId: 901 }) })], workflowRuns: [workflowRun({ status: "in_progress", conclusion: null })] }, []],
    ["a workflow run finished seconds ago: its webhook may still come", { runs: [run({ build: running(10, { workflowRunId: 901 }) })], workflowRuns: [workflowRun({ updatedAt: minutesAgo(0.2) })] }, []],
    ["a commit status nobody heard of", { runs: [run({ tests: running(10) })], results: [result()] }, [`resultReported+commitResult success status:${HEAD}:ci/e2e:31`]],
    ["the newest status counts", { runs: [run({ tests: running(10) })], results: [result({ id: 30, state: "failure", at: minutesAgo(8) }), result({ id: 31, state: "success" })] }, [`resultReported+commitResult success status:${HEAD}:ci/e2e:31`]],
    ["a pending status: nothing yet", { runs: [run({ tests: running(10) })], results: [result({ state: "pending" })] }, []],
    ["a status on another commit does not count", { runs: [run({ tests: running(10) })], results: [result({ sha: OLD })] }, []],
    ["another app's check run", { runs: [run({ smoke: running(10) })], results: [result({ source: "check", name: "smoke", id: 77, state: "failure" })] }, [`resultReported+commitResult failed check:${HEAD}:smoke:77`]],
    ["no result within the default timeout: timed out", { runs: [run({ tests: running(61) })] }, [`jobTimeout timeout:delivery-1:e2e:tests:${minutesAgo(61)}`]],
    ["still within the default timeout: nothing", { runs: [run({ tests: running(59) })] }, []],
    ["a long workflow run still in progress on GitHub is not timed out", { runs: [run({ build: running(300, { workflowRunId: 901 }) })], workflowRuns: [workflowRun({ status: "in_progress", conclusion: null })] }, []],
    ["a workflow run GitHub does not know: timed out", { runs: [run({ build: running(61, { workflowRunId: 901 }) })] }, [`jobTimeout timeout:delivery-1:e2e:build:${minutesAgo(61)}`]],
    ["a check run still in progress is not timed out", { runs: [run({ smoke: running(300) })], results: [result({ source: "check", name: "smoke", id: 77, state: null })] }, []],
    ["a pending status says the CI is at work", { runs: [run({ tests: running(300) })], results: [result({ state: "pending" })] }, []],
    ["a job with its own timeout is the run timer's to time out", { runs: [run({ soak: running(600) })] }, []],
    ["a result on GitHub wins over timing out", { runs: [run({ tests: running(90) })], results: [result()] }, [`resultReported+commitResult success status:${HEAD}:ci/e2e:31`]],
    ["a finished run is left alone", { runs: [run({ tests: running(90) }, { status: "failed" })] }, []],
    ["a job that is not running is left alone", { runs: [run({ tests: { status: "created" } })] }, []],
  ])("%s", (_, over, expected) => {
    expect(summarize(planReconcile(KEY, facts(over)))).toEqual(expected);
  });

  it("a timed-out job's entry names the run, the job and the limit", () => {
    const [entry] = planReconcile(KEY, facts({ runs: [run({ tests: running(61) })] }));
    expect(entry!.events).toEqual([{ kind: "jobTimeout", repo: REPO, runId: "delivery-1:e2e", job: "tests", startedAt: minutesAgo(61), limit: "60m" }]);
  });
});
