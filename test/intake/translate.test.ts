/** Webhook payloads (from @octokit/webhooks-examples) → domain events. */
import { translateWebhook } from "../../src/intake/github/translate-webhook.js";
import { buildWebhook } from "../fakes/webhooks.js";

const repo = { owner: "octo-org", repo: "app", installationId: 5 };
const sha = (c: string) => c.repeat(40);

/** The first event of a webhook is the config check's: `push`, or `ignored` with a reason. */
const configEventOf = (name: string, payload: any) => translateWebhook(name, payload, { own: false })[0];

function push(patch: (p: any) => void) {
  return buildWebhook("push", undefined, {
    repo,
    patch: (p: any) => {
      Object.assign(p, { ref: "refs/heads/main", before: sha("a"), after: sha("b"), deleted: false, forced: false });
      p.repository.default_branch = "main";
      p.commits = [{ ...p.commits[0], added: ["a.txt"], modified: [".github/signalbox.yml"], removed: ["old.txt"] }];
      patch(p);
    },
  });
}

describe("translateWebhook(push)", () => {
  it("lists the branch, default branch and every changed path", () => {
    expect(configEventOf("push", push(() => {}))).toMatchObject({
      kind: "push",
      repo,
      branch: "main",
      defaultBranch: "main",
      before: sha("a"),
      after: sha("b"),
      changedPaths: ["a.txt", ".github/signalbox.yml", "old.txt"],
      changesComplete: true,
      deleted: false,
    });
  });

  it.each([
    ["a truncated commit list", (p: any) => (p.commits = Array.from({ length: 20 }, () => p.commits[0]))],
    ["a force push", (p: any) => (p.forced = true)],
    ["a new branch", (p: any) => (p.before = sha("0"))],
    ["a push with no commits listed", (p: any) => (p.commits = [])],
  ])("marks %s as incomplete", (_label, patch) => {
    expect(configEventOf("push", push(patch))).toMatchObject({ kind: "push", changesComplete: false });
  });

  it("marks a branch deletion", () => {
    expect(configEventOf("push", push((p) => Object.assign(p, { deleted: true, after: sha("0") })))).toMatchObject({ deleted: true });
  });

  it("ignores tag pushes for now", () => {
    expect(configEventOf("push", push((p) => (p.ref = "refs/tags/v1")))).toMatchObject({ kind: "ignored" });
  });
});

describe("translateWebhook(other events)", () => {
  it("ignores an event with no installation, with a reason", () => {
    const payload = buildWebhook("push", undefined, (p: any) => delete p.installation);
    expect(configEventOf("push", payload)).toEqual({ kind: "ignored", repo: null, reason: "push: no repository or installation" });
  });

  it("ignores events it has no use for yet, naming them", () => {
    const event = configEventOf("star", buildWebhook("star", "created", { repo }));
    expect(event).toEqual({ kind: "ignored", repo, reason: "star: nothing to do yet" });
  });
});
