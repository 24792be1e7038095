/**
 * The dashboard as the running app wires it, against the fake GitHub: a public dashboard asks
 * GitHub (through the installation) whether a project's repository is private and hides it if so;
 * without SESSION_SECRET the session secret is generated once and kept in the store, so a second
 * replica on the same store accepts the first one's sessions.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const SHA = "b".repeat(40);
const fake = new FakeGitHub();
const apps: TestApp[] = [];
beforeAll(() => fake.start());
afterAll(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await fake.stop();
});

const report = (url: string, repository: string) =>
  fetch(`${url}/api/build_status`, { method: "POST", headers: { authorization: "Bearer t0ken" }, body: new URLSearchParams({ name: "unit", repository, revision: SHA, status: "successful" }) });

it("a public dashboard hides the project of a private repository, and shows a public one", async () => {
  fake.addRepo({ owner: "acme", repo: "secret-app", private: true });
  fake.addRepo({ owner: "acme", repo: "open-app", private: false });
  const app = await createTestApp(fake, { env: { API_TOKEN: "t0ken" } });
  apps.push(app);
  const url = await app.listen();
  expect((await report(url, "git@github.com:acme/secret-app.git")).status).toBe(200);
  expect((await report(url, "https://github.com/acme/open-app")).status).toBe(200);
  const board = await (await fetch(`${url}/`)).text();
  expect(board).toContain("open-app");
  expect(board).not.toContain("secret-app");
  expect((await fetch(`${url}/projects/secret-app`)).status).toBe(404);
  expect((await fetch(`${url}/projects/open-app`)).status).toBe(200);
  fake.assertNoViolations();
});

it("generates SESSION_SECRET once, keeps it in the store, and replicas share sessions", async () => {
  const env = { WEB_PASSWORD: "pw" };
  const first = await createTestApp(fake, { env });
  apps.push(first);
  const url = await first.listen();
  const form = await fetch(`${url}/login`);
  const csrf = form.headers.getSetCookie().find((c) => c.startsWith("signalbox_csrf="))!.split(";")[0]!;
  const token = /name="csrf" value="([0-9a-f]+)"/.exec(await form.text())![1]!;
  const signedIn = await fetch(`${url}/login`, { method: "POST", redirect: "manual", headers: { cookie: csrf }, body: new URLSearchParams({ password: "pw", next: "/", csrf: token }) });
  expect(signedIn.status).toBe(303);
  const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith("signalbox_session="))!.split(";")[0]!;
  const stored = await first.store.db.selectFrom("app_secrets").select(["name", "value"]).execute();
  expect(stored).toEqual([{ name: "session_secret", value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }]);

  const replica = await createTestApp(fake, { env, store: first.store });
  const replicaUrl = await replica.listen();
  expect((await fetch(`${replicaUrl}/`, { redirect: "manual", headers: { cookie } })).status).toBe(200);
  const rotated = await createTestApp(fake, { env: { ...env, SESSION_SECRET: "rotated" }, store: first.store });
  const rotatedUrl = await rotated.listen();
  expect((await fetch(`${rotatedUrl}/`, { redirect: "manual", headers: { cookie } })).status).toBe(303);
  expect(await first.store.db.selectFrom("app_secrets").select("value").execute()).toEqual([{ value: stored[0]!.value }]);
  // Replicas share the first app's store: only the first closes it.
  for (const app of [replica, rotated]) await Promise.all([app.signalbox.worker?.stop(), app.signalbox.boardWorker?.stop()]);
});
