/**
 * GitHub API calls of one full release-train cycle (merge → test tag → release tag →
 * pre-release → promote), counted on the fake GitHub and printed next to the minimum a careful
 * implementation needs, step by step. Calls are counted, not timed, so the machine's load does
 * not matter. The cycle's calls counted against the rate limit must stay within 1.25x the minimum.
 */
import { FakeGitHub } from "../test/fakes/fake-github.js";
import { buttonPayload, mergePushPayload } from "../test/support/payloads.js";
import { createTestApp } from "../test/support/test-app.js";
import { countCalls, printBreakdown, printTable, sumOf, type Need, type Row } from "./call-count.js";

const repoRef = { owner: "octo-org", repo: "infra", installationId: 77 };
const MAX_RATIO = 1.25;

/**
 * What each step cannot do without, counted against the rate limit, from a cold start (no
 * token, empty store, no release branch yet). A re-read of something unchanged since the last
 * read is a conditional request answered 304, which costs nothing, so it is not listed.
 */
export const CYCLE_MINIMUM: Array<[step: string, needs: Need[]]> = [
  ["push to main (PR #1 merged)", [
    ["POST app/installations/{id}/access_tokens", 1, "one installation token for the whole cycle (JWT)"],
    ["GET contents (config)", 1, ".github/signalbox.yml; cached after, re-read conditionally"],
    ["GET git/matching-refs", 2, "test- and release- tags: the new test tag's number must leave both names free"],
    ["GET compare", 1, "the commits the push brought, with their parents"],
    ["GET commits/{sha}/pulls", 1, "the PR of the one commit a PR landed as (the merge commit)"],
    ["POST merges", 1, "merge main into release (answers 404: no release branch yet)"],
    ["POST git/refs", 2, "create the release branch, then the test tag"],
    ["GET app", 1, "the app's own login, once per process, to find its own blocking issue (JWT)"],
    ["GET issues", 1, "an open \"Release train blocked\" issue, to close once the merge works"],
    ["GET commits/{sha}/check-runs", 1, "a first write of signalbox/train on a commit looks first: a lost store must not make a second"],
    ["POST check-runs", 1, "signalbox/train, tagged, with the Release button"],
    ["GET issues/{n}/comments", 1, "a first comment on the PR looks for signalbox's marker first"],
    ["POST issues/{n}/comments", 1, "the PR's comment: in test-…"],
  ]],
  ["Release button", [
    ["GET git/matching-refs", 1, "the test tags changed (the new test tag); release- tags answer 304"],
    ["GET collaborators/{user}/permission", 1, "who pressed Release"],
    ["POST git/refs", 1, "the release tag"],
    ["POST releases", 1, "the pre-release"],
    ["PATCH issues/comments/{n}", 1, "the PR's comment: in release-…"],
    ["PATCH check-runs/{n}", 1, "signalbox/train: released"],
    ["GET releases", 1, "the newest published release, for the promote check"],
    ["GET commits/{sha}/check-runs", 1, "the first write of signalbox/promote on the commit looks first"],
    ["POST check-runs", 1, "signalbox/promote with the Promote button"],
  ]],
  ["Promote button", [
    ["GET git/matching-refs", 1, "the release tags changed; test- tags, the permission, the releases and the PRs answer 304"],
    ["GET releases/tags/{tag}", 1, "the release's state before promoting"],
    ["PATCH releases/{n}", 1, "the promotion"],
    ["PATCH check-runs/{n}", 1, "signalbox/promote: promoted"],
    ["PATCH issues/comments/{n}", 1, "the PR's comment: released"],
  ]],
];

export default async function trainCycleBench(): Promise<void> {
  const steps = await runCycle();
  const rows: Row[] = steps.map(({ step, counted }, i) => ({ name: step, counted, minimum: sumOf(CYCLE_MINIMUM[i]![1]) }));
  for (const [i, { step, counted }] of steps.entries()) printBreakdown(step, counted, CYCLE_MINIMUM[i]![1]);
  const all = countCalls(steps.flatMap((s) => s.calls));
  const cycle: Row = { name: "**train cycle**", counted: all, minimum: rows.reduce((sum, row) => sum + row.minimum, 0) };
  printTable([...rows, cycle]);
  const ratio = all.counted / cycle.minimum;
  if (ratio > MAX_RATIO) throw new Error(`the train cycle costs ${ratio.toFixed(2)}x its minimum (at most ${MAX_RATIO}x allowed)`);
}

async function runCycle() {
  const fake = new FakeGitHub();
  await fake.start();
  const app = await createTestApp(fake);
  try {
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    repo.setPermission("maintainer", "write");
    const before = repo.sha("main");
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "feature", title: "Add a", user: "author" });
    const after = repo.mergePull(pull.number);
    const step = async (name: string, deliver: () => Promise<void>) => {
      const start = fake.calls.length;
      await deliver();
      const calls = fake.calls.slice(start);
      return { step: name, calls, counted: countCalls(calls) };
    };
    const steps = [await step(CYCLE_MINIMUM[0]![0], () => app.receive("push", mergePushPayload(repoRef, before, after, ["a.txt"])))];
    const head = repo.sha("release");
    steps.push(await step(CYCLE_MINIMUM[1]![0], () => app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", head))));
    steps.push(await step(CYCLE_MINIMUM[2]![0], () => app.receive("check_run", buttonPayload(repoRef, "signalbox/promote", "train-promote", head))));
    if (repo.releases[0]?.prerelease !== false) throw new Error("the cycle did not end with a promoted release");
    fake.assertNoViolations();
    return steps;
  } finally {
    await app.close();
    await fake.stop();
  }
}
