/** A journal entry → the events it means: webhooks read once, synthetic entries carry theirs. */
import type { Event } from "../../src/core/events.js";
import { translateWebhook } from "../../src/intake/github/translate-webhook.js";
import { formatEventEntry } from "../../src/intake/journal-event.js";
import { translateEntry } from "../../src/intake/translate-entry.js";
import { buildWebhook } from "../fakes/webhooks.js";

const repo = { owner: "octo-org", repo: "app", installationId: 5 };
const sha = (c: string) => c.repeat(40);
const kinds = (events: Event[]) => events.map((e) => e.kind);

function push(ref: string, files: string[], sender = { login: "dev", type: "User" }) {
  return buildWebhook("push", undefined, {
    repo,
    patch: (p: any) => {
      Object.assign(p, { ref, before: sha("a"), after: sha("b"), deleted: false, forced: false, sender: { ...p.sender, ...sender } });
      p.repository.default_branch = "main";
      p.commits = [{ ...p.commits[0], added: files, modified: [], removed: [] }];
    },
  });
}

describe("translateWebhook: one webhook, every event it means, in handler order", () => {
  it.each<[string, string, any, boolean, string[]]>([
    ["a push changing the config", "push", push("refs/heads/main", [".github/signalbox.yml"]), false, ["push", "gatesConfigChanged", "refPush", "branchPush"]],
    ["a push leaving it alone", "push", push("refs/heads/main", ["a.txt"]), false, ["push", "refPush", "branchPush"]],
    ["signalbox's own push: pipelines hear it, the train does not", "push", push("refs/heads/main", ["a.txt"]), true, ["push", "refPush"]],
    ["a tag push", "push", push("refs/tags/v1", []), false, ["ignored", "refPush", "tagPush"]],
  ])("%s", (_label, name, payload, own, expected) => {
    expect(kinds(translateWebhook(name, payload, { own }))).toEqual(expected);
  });

  it("a commit status is a result for gating and a job's result; signalbox's own mirrored one only the job's", () => {
    const status = buildWebhook("status", undefined, { repo, patch: (p: any) => Object.assign(p, { sha: sha("c"), context: "ci/e2e", state: "success" }) });
    expect(kinds(translateWebhook("status", status, { own: false }))).toEqual(["ignored", "resultReported", "commitResult"]);
    expect(kinds(translateWebhook("status", status, { own: true }))).toEqual(["ignored", "commitResult"]);
  });

  it("comments become waive commands, pipeline commands or train commands", () => {
    const comment = (body: string) => buildWebhook("issue_comment", "created", { repo, patch: (p: any) => Object.assign(p.comment, { body }) });
    const onPull = (body: string) => {
      const payload = comment(body);
      payload.issue.pull_request = { url: "https://example/pulls/1" };
      return payload;
    };
    expect(translateWebhook("issue_comment", onPull("/waive smoke flaky"), { own: false })).toContainEqual(expect.objectContaining({ kind: "waiveComment", body: "/waive smoke flaky", onPullRequest: true }));
    expect(kinds(translateWebhook("issue_comment", onPull("/retest"), { own: false }))).toEqual(["ignored", "command"]);
    expect(kinds(translateWebhook("issue_comment", comment("/train pause release freeze"), { own: false }))).toEqual(["ignored", "trainComment"]);
  });

  it("a pull request is a config check of its head and a pipeline trigger", () => {
    const opened = buildWebhook("pull_request", "opened", { repo });
    expect(kinds(translateWebhook("pull_request", opened, { own: false }))).toEqual(["ignored", "configPullRequest", "pullRequest"]);
  });
});

describe("translateEntry", () => {
  const events: Event[] = [
    { kind: "tick", repo },
    { kind: "nightly" },
    { kind: "resultPosted", testcase: "smoke", item: sha("c") },
    { kind: "promoteRequest", tag: "release-2026.11.22-1", actor: null },
  ];

  it("gives back the events a signalbox.event entry was journaled with", () => {
    const entry = formatEventEntry({ id: "x", repo, events, receivedAt: new Date(0), defaultBranch: "main" });
    expect(entry).toMatchObject({ name: "signalbox.event", repoKey: "octo-org/app", installationId: 5 });
    expect(translateEntry(entry.name, JSON.parse(JSON.stringify(entry.payload)), { own: false })).toEqual(events);
  });

  it("leaves out a kind it does not know; with none left the entry is ignored", () => {
    const entry = formatEventEntry({ id: "x", repo, events: [{ kind: "nightly" }, { kind: "retired" } as never], receivedAt: new Date(0) });
    expect(translateEntry(entry.name, entry.payload as any, { own: false })).toEqual([{ kind: "nightly" }]);
    const none = formatEventEntry({ id: "y", repo, events: [{ kind: "retired" } as never], receivedAt: new Date(0) });
    expect(translateEntry(none.name, none.payload as any, { own: false })).toEqual([{ kind: "ignored", repo, reason: "signalbox.event: nothing to do yet" }]);
  });

  it.each<[string, Record<string, unknown>, Event]>([
    ["signalbox.tick", {}, { kind: "tick", repo }],
    ["signalbox.schedule", { pipeline: "nightly", branch: "main" }, { kind: "schedule", repo, pipeline: "nightly", branch: "main" }],
    ["signalbox.timeout", { runId: "r1", job: "e2e", startedAt: "2026-11-22T10:00:00.000Z", limit: "60m" }, { kind: "jobTimeout", repo, runId: "r1", job: "e2e", startedAt: "2026-11-22T10:00:00.000Z", limit: "60m" }],
    ["signalbox.train", { event: { kind: "promoteCheck", tag: "release-2026.11.22-1" } }, { kind: "promoteCheck", tag: "release-2026.11.22-1" }],
    ["signalbox.result", { result: { testcase: "smoke", item: sha("c") } }, { kind: "resultPosted", testcase: "smoke", item: sha("c") }],
  ])("reads an entry an earlier version journaled as %s", (name, fields, expected) => {
    const payload = { repository: { name: "app", owner: { login: "octo-org" } }, installation: { id: 5 }, ...fields };
    expect(translateEntry(name, payload, { own: false })).toEqual([expected]);
  });

  it("an old signalbox.train entry only ever reached the train", () => {
    const payload = { repository: { name: "app", owner: { login: "octo-org" } }, installation: { id: 5 }, event: { kind: "tick", repo } };
    expect(translateEntry("signalbox.train", payload, { own: false })).toEqual([{ kind: "ignored", repo, reason: "signalbox.train: nothing to do yet" }]);
  });
});
