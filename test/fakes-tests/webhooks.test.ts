import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, createProbot, type Probot } from "probot";
import { FakeGitHub } from "../fakes/fake-github.js";
import { allWebhookExamples, buildWebhook, deliverWebhook, signPayload } from "../fakes/webhooks.js";
import { installationOctokit, TestOctokit } from "./octokit.js";

const target = { owner: "octo-org", repo: "app", installationId: 42 };
const configText = "pipelines:\n  e2e:\n    on: { label: run-e2e }\n";

describe("webhook helpers", () => {
  it("builds a payload from GitHub's examples, with installation, repository and patch applied", () => {
    const payload = buildWebhook("pull_request", "labeled", { repo: target, patch: (p) => (p.label.name = "run-e2e") });
    expect(payload).toMatchObject({
      action: "labeled",
      installation: { id: 42 },
      repository: { name: "app", full_name: "octo-org/app", owner: { login: "octo-org" } },
      label: { name: "run-e2e" },
    });
    expect(buildWebhook("pull_request", "labeled").label.name).not.toBe("run-e2e");
    expect(() => buildWebhook("push", "nope")).toThrow(/no "push" example/);
  });

  it("lists every example with an installation", () => {
    const all = allWebhookExamples();
    expect(all.length).toBeGreaterThan(300);
    expect(all.every((e) => typeof e.payload.installation?.id === "number")).toBe(true);
  });

  it("signs like GitHub", () => {
    // The example from GitHub's docs on validating webhook deliveries.
    expect(signPayload("Hello, World!", "It's a Secret to Everybody")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });
});

describe("Probot against the fake GitHub", () => {
  const fake = new FakeGitHub();
  let server: Server;
  let probot: Probot;
  beforeAll(async () => {
    await fake.start();
    probot = createProbot({
      env: { GHE_HOST: fake.host, GHE_PROTOCOL: "http", APP_ID: String(fake.appId), PRIVATE_KEY: fake.privateKey, WEBHOOK_SECRET: "s3cret", LOG_LEVEL: "fatal" },
      overrides: { Octokit: TestOctokit },
    });
    const middleware = await createNodeMiddleware(
      (app) => {
        app.on("push", async (context) => {
          const config = await context.config<{ pipelines: Record<string, unknown> }>("signalbox.yml");
          const { after } = context.payload;
          const summary = Object.keys(config?.pipelines ?? {}).join(", ");
          await context.octokit.rest.checks.create(context.repo({ name: "signalbox/config", head_sha: after, conclusion: "success", output: { title: "ok", summary } }));
        });
      },
      { probot },
    );
    server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await fake.stop();
  });
  beforeEach(() => fake.reset());
  afterEach(() => fake.assertNoViolations());

  it("reads .github/signalbox.yml with octokit.config.get", async () => {
    fake.addRepo({ ...target, files: { ".github/signalbox.yml": configText } });
    const octokit = installationOctokit(fake, 42);
    const { config } = await octokit.config.get({ owner: "octo-org", repo: "app", path: ".github/signalbox.yml" });
    expect(config).toEqual({ pipelines: { e2e: { on: { label: "run-e2e" } } } });
    const missing = await octokit.config.get({ owner: "octo-org", repo: "app", path: ".github/other.yml" });
    expect(missing.config).toEqual({});
  });

  it("runs a signed push through Probot (GHE_HOST) to a check run on the fake", async () => {
    const repo = fake.addRepo({ ...target, files: { ".github/signalbox.yml": configText } });
    const after = repo.commit("main", { files: { "x.txt": "x" } });
    const payload = buildWebhook("push", undefined, { repo: target, patch: (p) => Object.assign(p, { after, ref: "refs/heads/main" }) });
    const { port } = server.address() as AddressInfo;
    const delivered = await deliverWebhook(`http://127.0.0.1:${port}`, { name: "push", payload, secret: "s3cret" });
    expect(delivered.status).toBe(200);
    expect(repo.checkRuns).toEqual([expect.objectContaining({ head_sha: after, name: "signalbox/config", output: expect.objectContaining({ summary: "e2e" }) })]);
    expect(fake.calls.every((c) => c.auth !== "none")).toBe(true);
  });
});
