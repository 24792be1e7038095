/**
 * GitHub API calls of one full release-train cycle (merge → test tag → release tag →
 * pre-release → promote), counted on the fake GitHub and printed next to the minimum the
 * cycle needs, call by call. Calls are counted, not timed, so the machine's load does not matter.
 */
import { FakeGitHub } from "../test/fakes/fake-github.js";
import { buttonPayload, mergePushPayload } from "../test/support/payloads.js";
import { createTestApp } from "../test/support/test-app.js";

const repoRef = { owner: "octo-org", repo: "infra", installationId: 77 };

/** What a cycle cannot do without: each write once, and the reads that decide them. */
const MINIMUM: Array<[string, number, string]> = [
  ["POST app/installations/{id}/access_tokens", 1, "one installation token for the whole cycle"],
  ["GET contents (config)", 1, "read .github/signalbox.yml once; cached after"],
  ["GET git/matching-refs", 2, "test- and release- tags, to number the tag (once per step that numbers)"],
  ["GET compare / commits/{sha}/pulls", 1, "which PRs the push merged"],
  ["POST merges", 1, "merge main into release"],
  ["POST git/refs", 2, "the test tag and the release tag"],
  ["POST/PATCH check-runs", 3, "signalbox/train on tagging and release, signalbox/promote on promotion"],
  ["GET collaborators/{user}/permission", 2, "who pressed Release and Promote"],
  ["POST releases", 1, "the pre-release"],
  ["PATCH releases", 1, "the promotion"],
  ["GET releases/tags/{tag}", 1, "the release's state before promoting"],
  ["POST/PATCH issue comments", 3, "the PR's one comment: created, then edited twice"],
];

export default async function trainCycleBench(): Promise<void> {
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
    const start = fake.calls.length;
    await app.receive("push", mergePushPayload(repoRef, before, after, ["a.txt"]));
    const head = repo.sha("release");
    await app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", head));
    await app.receive("check_run", buttonPayload(repoRef, "signalbox/promote", "train-promote", head));
    const calls = fake.calls.slice(start);
    if (repo.releases[0]?.prerelease !== false) throw new Error("the cycle did not end with a promoted release");
    report(calls.map((c) => `${c.method} ${c.path.replace(/^\/repos\/[^/]+\/[^/]+/, "")}`));
  } finally {
    await app.close();
    await fake.stop();
  }
}

function report(calls: string[]): void {
  const minimum = MINIMUM.reduce((sum, [, n]) => sum + n, 0);
  const byCall = new Map<string, number>();
  for (const call of calls) {
    const key = call.replace(/[0-9a-f]{40}/g, "{sha}").replace(/\/\d+/g, "/{n}").replace(/tags%2F[^/]+|tags\/[^/]+$/g, "tags/{tag}") || "GET (the repository)";
    byCall.set(key, (byCall.get(key) ?? 0) + 1);
  }
  console.log("calls made, by endpoint:");
  for (const [call, n] of [...byCall].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${call}`);
  console.log("\nthe minimum, by need:");
  for (const [what, n, why] of MINIMUM) console.log(`  ${String(n).padStart(3)}  ${what}: ${why}`);
  console.log(`\n| bench | calls | minimum | ratio |\n|---|---|---|---|\n| train cycle | ${calls.length} | ${minimum} | ${(calls.length / minimum).toFixed(2)}x |`);
}
