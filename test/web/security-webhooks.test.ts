/**
 * The real webhook route (Probot's middleware, as `npm start` mounts it): a delivery that is
 * unsigned, wrongly signed, signed with an old secret or altered after signing is refused with
 * 400 (Probot's answer to every refused delivery), nothing is journaled, nothing reaches GitHub,
 * and the answer does not echo the secret.
 */
import { createServer, type Server } from "node:http";
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook, signPayload } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "signed", installationId: 61 };

describe("webhook signatures", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    await fake.start();
    fake.addRepo({ ...repoRef, defaultBranch: "main" });
    app = await createTestApp(fake);
    const middleware = await app.probot.getNodeMiddleware();
    server = createServer((req, res) => void middleware(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/github/webhooks`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    await fake.stop();
  });

  const body = JSON.stringify(buildWebhook("push", undefined, { repo: repoRef }));
  const headers = (id: string, extra: Record<string, string>) => ({ "content-type": "application/json", "x-github-event": "push", "x-github-delivery": id, ...extra });
  const journaled = async () => Number((await app.store.db.selectFrom("journal").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

  it.each<[string, Record<string, string>, string, number]>([
    ["unsigned", {}, body, 400],
    ["signed with SHA-1 only", { "x-hub-signature": "sha1=0123456789abcdef0123456789abcdef01234567" }, body, 400],
    ["wrongly signed", { "x-hub-signature-256": `sha256=${"0".repeat(64)}` }, body, 400],
    ["signed with an old secret", { "x-hub-signature-256": signPayload(body, "the-secret-before-rotation") }, body, 400],
    ["altered after signing", { "x-hub-signature-256": signPayload(body, "test-secret") }, body.replace('"refs/', '"refs/heads/evil/'), 400],
    ["signed with a malformed header", { "x-hub-signature-256": "sha256=not-hex" }, body, 400],
  ])("refuses a delivery %s, and does no work", async (name, extra, sent, status) => {
    const callsBefore = fake.calls.length;
    const res = await fetch(url, { method: "POST", headers: headers(`forged-${name}`, extra), body: sent });
    expect(res.status).toBe(status);
    expect(await res.text()).not.toContain("test-secret");
    await app.signalbox.worker!.drain();
    expect(await journaled()).toBe(0);
    expect(fake.calls.length).toBe(callsBefore);
  });

  it("accepts the same delivery signed with the current secret (so the refusals above are about the signature)", async () => {
    const res = await fetch(url, { method: "POST", headers: headers("signed-1", { "x-hub-signature-256": signPayload(body, "test-secret") }), body });
    expect(res.status).toBe(200);
    expect(await journaled()).toBe(1);
  });
});
