/** The Octokit adapter of the GitHub port, against nock with the network disabled. */
import nock from "nock";
import { ProbotOctokit } from "probot";
import { OctokitGitHub } from "../../src/effects/octokit-github.js";

const repo = { owner: "octo-org", repo: "app", installationId: 1 };
const api = "https://api.github.com";
const Octokit = ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));

describe("OctokitGitHub", () => {
  const github = new OctokitGitHub(new Octokit({ auth: "ghs_test" }));

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(() => nock.enableNetConnect());

  it("reads a file's raw text at a ref", async () => {
    nock(api, { reqheaders: { accept: "application/vnd.github.v3.raw" } })
      .get("/repos/octo-org/app/contents/.github%2Fsignalbox.yml")
      .query({ ref: "abc" })
      .reply(200, "pipelines: {}\n");
    await expect(github.readFile(repo, ".github/signalbox.yml", "abc")).resolves.toBe("pipelines: {}\n");
  });

  it("answers null for a file that is not there", async () => {
    nock(api).get("/repos/octo-org/app/contents/.github%2Fsignalbox.yml").query(true).reply(404, { message: "Not Found" });
    await expect(github.readFile(repo, ".github/signalbox.yml", "abc")).resolves.toBeNull();
  });

  it("passes other failures on", async () => {
    nock(api).get("/repos/octo-org/app/contents/.github%2Fsignalbox.yml").query(true).reply(500, { message: "boom" });
    await expect(github.readFile(repo, ".github/signalbox.yml", "abc")).rejects.toMatchObject({ status: 500 });
  });

  it("finds the latest check run by name on a commit", async () => {
    nock(api)
      .get("/repos/octo-org/app/commits/abc/check-runs")
      .query({ check_name: "signalbox/config", filter: "latest", per_page: "1" })
      .reply(200, {
        total_count: 1,
        check_runs: [{ id: 9, name: "signalbox/config", head_sha: "abc", status: "completed", conclusion: "success", output: { title: "t", summary: "s", text: null } }],
      });
    await expect(github.findCheckRun(repo, "abc", "signalbox/config")).resolves.toEqual({
      id: 9, name: "signalbox/config", headSha: "abc", status: "completed", conclusion: "success", title: "t", summary: "s", text: null,
    });
  });

  it("creates a completed check run with annotations in GitHub's shape", async () => {
    nock(api)
      .post("/repos/octo-org/app/check-runs", {
        name: "signalbox/config",
        head_sha: "abc",
        status: "completed",
        conclusion: "failure",
        output: {
          title: "1 error",
          summary: "sum",
          annotations: [{ path: ".github/signalbox.yml", start_line: 3, end_line: 3, annotation_level: "failure", message: "bad", title: "train" }],
        },
      })
      .reply(201, { id: 10, name: "signalbox/config", head_sha: "abc", status: "completed", conclusion: "failure", output: { title: "1 error", summary: "sum", text: null } });
    const view = await github.createCheckRun(repo, {
      name: "signalbox/config",
      headSha: "abc",
      status: "completed",
      conclusion: "failure",
      title: "1 error",
      summary: "sum",
      annotations: [{ path: ".github/signalbox.yml", startLine: 3, endLine: 3, level: "failure", message: "bad", title: "train" }],
    });
    expect(view.id).toBe(10);
  });

  it("updates an in-progress check run without a conclusion", async () => {
    nock(api)
      .patch("/repos/octo-org/app/check-runs/10", { status: "in_progress", output: { title: "Running", summary: "…" } })
      .reply(200, { id: 10, name: "n", head_sha: "abc", status: "in_progress", conclusion: null, output: { title: "Running", summary: "…", text: null } });
    const view = await github.updateCheckRun(repo, 10, { name: "n", headSha: "abc", status: "in_progress", title: "Running", summary: "…" });
    expect(view).toMatchObject({ status: "in_progress", conclusion: null });
  });
});
