/**
 * GitHub API calls per kind of event, each next to the minimum a careful implementation needs,
 * in steady state (the installation token and the config already cached by an earlier event).
 * Counted on the fake GitHub; 304 answers (unchanged, not counted against the rate limit) apart.
 */
import { FakeGitHub } from "../test/fakes/fake-github.js";
import { buildWebhook } from "../test/fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../test/support/payloads.js";
import { createTestApp, type TestApp } from "../test/support/test-app.js";
import { countCalls, printBreakdown, printTable, sumOf, type Need, type Row } from "./call-count.js";
import { pullRequestWebhook } from "../test/support/seed-repo.js";

const repoRef = { owner: "octo-org", repo: "shop", installationId: 78 };
const CONFIG = `pipelines:
  e2e:
    on: { label: run-e2e }
    jobs:
      build: { workflow: build.yml }
      deploy: { workflow: deploy.yml, needs: [build] }
train:
  branch: release
`;

type Repo = ReturnType<FakeGitHub["addRepo"]>;

interface Scenario {
  name: string;
  deliver: (app: TestApp, repo: Repo, pull: { number: number }) => Promise<void>;
  minimum: Need[];
}

const SCENARIOS: Scenario[] = [
  {
    name: "labeled PR (starts a pipeline)",
    deliver: (app, repo, pull) => app.receive("pull_request", labeled(repo, pull)),
    minimum: [
      ["GET collaborators/{user}/permission", 0, "a label counts only from a writer: unchanged since the warm-up, answered 304"],
      ["POST actions/workflows/{id}/dispatches", 1, "the first job's workflow"],
      ["GET commits/{sha}/check-runs", 1, "a first write of signalbox/e2e on the commit looks first"],
      ["POST check-runs", 1, "signalbox/e2e, in progress"],
    ],
  },
  {
    name: "workflow_run completed (a job passed)",
    deliver: (app, repo) => app.receive("workflow_run", workflowRunCompleted(repo, "build.yml", "success")),
    minimum: [
      ["POST actions/workflows/{id}/dispatches", 1, "the next job's workflow"],
      ["PATCH check-runs/{n}", 1, "signalbox/e2e shows the job passed"],
    ],
  },
  {
    name: "comment command (/cancel)",
    deliver: (app, repo, pull) => app.receive("issue_comment", comment(repo, pull, "/cancel")),
    minimum: [
      ["GET collaborators/{user}/permission", 0, "who commented: unchanged since the label, answered 304"],
      ["GET pulls/{n}", 1, "the PR's head commit (a comment's payload does not name it)"],
      ["POST issues/comments/{n}/reactions", 1, "the command is acknowledged with a reaction"],
      ["POST actions/runs/{id}/cancel", 1, "the running workflow"],
      ["PATCH check-runs/{n}", 1, "signalbox/e2e: cancelled"],
    ],
  },
  {
    name: "push to main (train: merge, test tag)",
    deliver: (app, repo) => mergeAndPush(app, repo),
    minimum: [
      ["GET git/matching-refs", 2, "test- and release- tags, to number the test tag"],
      ["GET compare", 1, "the commits the push brought, with their parents"],
      ["GET commits/{sha}/pulls", 1, "the PR the merge commit landed"],
      ["POST merges", 1, "merge main into release (201: a new release head)"],
      ["GET app", 1, "the app's own login, once per process"],
      ["GET issues", 1, "an open blocking issue, to close once the merge works"],
      ["POST git/refs", 1, "the test tag"],
      ["GET commits/{sha}/check-runs", 1, "the first write of signalbox/train on the new release head looks first"],
      ["POST check-runs", 1, "signalbox/train with the Release button"],
      ["GET issues/{n}/comments", 1, "the first comment on the merged PR looks for the marker first"],
      ["POST issues/{n}/comments", 1, "the merged PR's comment: in test-…"],
    ],
  },
  {
    name: "check_run button (Release)",
    deliver: (app, repo) => app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", repo.sha("release"))),
    minimum: [
      ["GET git/matching-refs", 1, "the test tags changed; release- tags answer 304"],
      ["GET collaborators/{user}/permission", 0, "who pressed: unchanged, answered 304"],
      ["POST git/refs", 1, "the release tag"],
      ["GET commits/{sha}/pulls", 1, "the PRs of the release head (the train's merge commit, not read before)"],
      ["POST releases", 1, "the pre-release"],
      ["PATCH check-runs/{n}", 1, "signalbox/train: released"],
      ["GET releases", 1, "the newest published release, for the promote check"],
      ["GET commits/{sha}/check-runs", 1, "the first write of signalbox/promote looks first"],
      ["POST check-runs", 1, "signalbox/promote with the Promote button"],
    ],
  },
];

export default async function apiCallsBench(): Promise<void> {
  const fake = new FakeGitHub();
  await fake.start();
  const app = await createTestApp(fake);
  try {
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
    repo.branch("release");
    repo.setPermission("maintainer", "write");
    repo.branch("feature");
    repo.commit("feature", { files: { "src/app.ts": "export {}\n" } });
    const pull = { number: Number(repo.addPull({ head: "feature", user: "contributor" }).number) };
    // Warm up: the token and the config are read once per installation and repository, not per event.
    await app.receive("pull_request", labeled(repo, pull, "unrelated-label"));
    const rows: Row[] = [];
    for (const scenario of SCENARIOS) {
      const start = fake.calls.length;
      await scenario.deliver(app, repo, pull);
      const counted = countCalls(fake.calls.slice(start));
      printBreakdown(scenario.name, counted, scenario.minimum);
      rows.push({ name: scenario.name, counted, minimum: sumOf(scenario.minimum) });
    }
    fake.assertNoViolations();
    printTable(rows);
  } finally {
    await app.close();
    await fake.stop();
  }
}

function labeled(repo: Repo, pull: { number: number }, label = "run-e2e") {
  return pullRequestWebhook("labeled", repoRef, { number: pull.number, headSha: repo.sha("feature"), label });
}

function workflowRunCompleted(repo: Repo, workflow: string, conclusion: string) {
  const dispatch = repo.dispatches.find((d: any) => d.workflow_id === workflow) as any;
  return buildWebhook("workflow_run", "completed", {
    repo: repoRef,
    patch: (p: any) => {
      Object.assign(p.workflow_run, { id: dispatch.run_id, path: `.github/workflows/${workflow}`, head_sha: repo.sha("feature"), conclusion, status: "completed" });
      p.sender = { ...p.sender, login: "maintainer", type: "User" };
    },
  });
}

function comment(repo: Repo, pull: { number: number }, body: string) {
  return buildWebhook("issue_comment", "created", {
    repo: repoRef,
    patch: (p: any) => {
      const made = { id: 900 + repo.comments.length, body, user: { login: "maintainer" } };
      repo.comments.push({ ...made, issue_number: pull.number });
      p.comment = { ...p.comment, ...made };
      p.issue = { ...p.issue, number: pull.number, pull_request: { url: "x" } };
      p.sender = { ...p.sender, login: "maintainer", type: "User" };
    },
  });
}

/** A second PR merged on GitHub, and the push to main it causes. */
async function mergeAndPush(app: TestApp, repo: Repo): Promise<void> {
  const before = repo.sha("main");
  repo.branch("fix");
  repo.commit("fix", { files: { "fix.txt": "fixed" } });
  const fix = repo.addPull({ head: "fix", title: "Fix", user: "author" });
  const after = repo.mergePull(fix.number);
  await app.receive("push", mergePushPayload(repoRef, before, after, ["fix.txt"]));
}
