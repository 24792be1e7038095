import { FakeGitHub } from "../fakes/fake-github.js";
import { appOctokit, installationOctokit, statusOf } from "./octokit.js";

describe("fake GitHub authentication", () => {
  const fake = new FakeGitHub();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.addRepo({ owner: "octo-org", repo: "app", installationId: 42 });
    fake.addRepo({ owner: "other-org", repo: "lib", installationId: 43 });
  });

  it("issues an installation token with the app's JWT and accepts it for that installation's repos", async () => {
    const octokit = installationOctokit(fake, 42);
    const { data } = await octokit.rest.repos.get({ owner: "octo-org", repo: "app" });
    expect(data).toMatchObject({ full_name: "octo-org/app", default_branch: "main" });
    const auths = fake.calls.map((c) => `${c.auth} ${c.method} ${c.path} ${c.status}`);
    expect(auths).toEqual(["jwt POST /app/installations/42/access_tokens 201", "installation GET /repos/octo-org/app 200"]);
    fake.assertNoViolations();
  });

  it("answers the app endpoints to the JWT", async () => {
    const octokit = appOctokit(fake);
    expect((await octokit.rest.apps.getAuthenticated()).data).toMatchObject({ id: fake.appId, slug: "signalbox" });
    const installations = (await octokit.rest.apps.listInstallations()).data.map((i) => i.id);
    expect(installations).toEqual([42, 43]);
    const { data } = await octokit.rest.apps.getRepoInstallation({ owner: "other-org", repo: "lib" });
    expect(data.id).toBe(43);
    fake.assertNoViolations();
  });

  it("refuses an unauthenticated call with 401 and records a violation", async () => {
    const response = await fetch(`${fake.url}/repos/octo-org/app`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: "Bad credentials" });
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toContain("repos/get GET /repos/octo-org/app: unauthenticated");
    expect(() => fake.assertNoViolations()).toThrow(/unauthenticated/);
  });

  it("refuses a JWT on a repository endpoint and a token on another installation's repository", async () => {
    const { token } = (await appOctokit(fake).auth({ type: "app" })) as { token: string };
    const response = await fetch(`${fake.url}/repos/octo-org/app`, { headers: { authorization: `bearer ${token}` } });
    expect(response.status).toBe(401);
    // Raw fetch: Octokit's app auth retries a 401 right after issuing a token, which takes seconds.
    const installation = (await installationOctokit(fake, 42).auth({ type: "installation" })) as { token: string };
    const other = await fetch(`${fake.url}/repos/other-org/lib`, { headers: { authorization: `token ${installation.token}` } });
    expect(other.status).toBe(401);
    expect(fake.violations).toHaveLength(2);
  });

  it("answers 404 for an unknown repository without a violation", async () => {
    expect(await statusOf(installationOctokit(fake, 42).rest.repos.get({ owner: "octo-org", repo: "nope" }))).toBe(404);
    fake.assertNoViolations();
  });

  it("refuses a JWT signed with another key", async () => {
    const other = new FakeGitHub({ appId: fake.appId });
    const octokit = new (await import("./octokit.js")).TestOctokit({
      baseUrl: fake.url,
      auth: { appId: fake.appId, privateKey: other.privateKey },
    });
    expect(await statusOf(octokit.rest.apps.getAuthenticated())).toBe(401);
    expect(fake.violations[0]).toMatch(/signature/);
  });
});
