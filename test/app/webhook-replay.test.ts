/**
 * Every payload in @octokit/webhooks-examples (installation added) goes through the app:
 * no unhandled error, no failed journal entry, and no request the fake GitHub rejects.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { allWebhookExamples } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

describe("replay of every webhook example", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  const examples = allWebhookExamples();

  beforeAll(async () => {
    await fake.start();
    app = await createTestApp(fake);
    // The repositories the examples name exist on the fake, so any call the app makes is answerable.
    // On GitHub a repository belongs to one installation: examples that disagree are made to agree.
    for (const { payload } of examples) {
      const repository = (payload as any).repository;
      const installation = (payload as any).installation;
      if (!repository?.owner?.login || !repository.name || !installation?.id) continue;
      const existing = fake.findRepo(repository.owner.login, repository.name);
      if (existing) installation.id = existing.installationId;
      else fake.addRepo({ owner: repository.owner.login, repo: repository.name, defaultBranch: repository.default_branch ?? "main", installationId: installation.id });
    }
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it("has a few hundred examples to replay", () => {
    expect(examples.length).toBeGreaterThan(300);
  });

  it("handles each one without error", async () => {
    const failures: string[] = [];
    for (const [index, { name, action, payload }] of examples.entries()) {
      const id = `replay-${index}`;
      await app.receive(name, payload, id).catch((error: unknown) => failures.push(`${name}.${action}: ${String(error)}`));
      const entry = await app.store.journal.get(id);
      if (!entry || !["done", "ignored"].includes(entry.state)) {
        failures.push(`${name}${action ? `.${action}` : ""}: journal state ${entry?.state} (${entry?.lastError ?? entry?.detail})`);
      }
    }
    expect(failures).toEqual([]);
    fake.assertNoViolations();
  });
});
