import { FakeGitHub } from "../fakes/fake-github.js";
import { matchOperation } from "../fakes/openapi-spec.js";
import { implementedRoutes } from "../fakes/routes.js";
import { installationOctokit, statusOf } from "./octokit.js";

describe("fake GitHub against the OpenAPI description", () => {
  const fake = new FakeGitHub();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.addRepo({ owner: "octo-org", repo: "app", installationId: 42 });
  });

  it("implements only operations GitHub describes", () => {
    for (const key of implementedRoutes()) {
      const [method = "", template = ""] = key.split(" ");
      const sample = template.replace(/\{[^}]+\}/g, "1");
      expect(`${key} -> ${matchOperation(method, sample)?.operation.template}`).toBe(`${key} -> ${template}`);
    }
  });

  it("matches refs sent with %2F and with a literal slash", () => {
    expect(matchOperation("GET", "/repos/o/r/git/ref/heads%2Fmain")?.params.ref).toBe("heads/main");
    expect(matchOperation("GET", "/repos/o/r/git/ref/heads/feature/x")?.params.ref).toBe("heads/feature/x");
    expect(matchOperation("GET", "/repos/o/r/commits/abc/check-runs")?.operation.operationId).toBe("checks/list-for-ref");
    expect(matchOperation("GET", "/repos/o/r/releases/latest")?.operation.operationId).toBe("repos/get-latest-release");
  });

  it("answers 422 and records a violation for a body the spec refuses", async () => {
    const octokit = installationOctokit(fake, 42);
    const head_sha = fake.repo("octo-org", "app").sha("main");
    const create = octokit.request("POST /repos/{owner}/{repo}/check-runs", {
      owner: "octo-org",
      repo: "app",
      name: "signalbox/e2e",
      head_sha,
      conclusion: "great",
    } as never);
    expect(await statusOf(create)).toBe(422);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatch(/checks\/create POST \/repos\/octo-org\/app\/check-runs: .*conclusion.*allowedValues/);
    expect(fake.repo("octo-org", "app").checkRuns).toHaveLength(0);
  });

  it("flags unknown query parameters and unknown paths", async () => {
    const octokit = installationOctokit(fake, 42);
    expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/releases", { owner: "octo-org", repo: "app", colour: "red" }))).toBe(422);
    expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/no-such-thing", { owner: "octo-org", repo: "app" }))).toBe(404);
    expect(fake.violations[0]).toMatch(/unknown query parameter "colour"/);
    expect(fake.violations[1]).toMatch(/not in GitHub's OpenAPI description/);
  });

  it("answers 501 and records a violation for a described endpoint the fake lacks", async () => {
    const octokit = installationOctokit(fake, 42);
    expect(await statusOf(octokit.rest.repos.listForks({ owner: "octo-org", repo: "app" }))).toBe(501);
    expect(fake.violations[0]).toMatch(/repos\/list-forks .*does not implement/);
  });
});
