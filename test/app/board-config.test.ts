/**
 * `board.mappings` and `board.position` from the default branch's `.github/signalbox.yml` of a
 * project's GitHub repository: mapped names on the dashboard and in the project webhook, and the
 * project's place on the dashboard, kept in step when the config changes.
 */
import { createServer, type Server } from "node:http";
import { FakeGitHub } from "../fakes/fake-github.js";
import { mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "shop", installationId: 61 };
const TOKEN = "board-token";
const CONFIG = `board:
  mappings: ["shop_unit_tests=unit", "shop_deploy_staging=deploy"]
  position: -1
`;

describe("board settings from the repository's config", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let base: string;
  let repo: ReturnType<FakeGitHub["addRepo"]>;
  let receiver: Server;
  let received: any[];

  beforeAll(async () => {
    await fake.start();
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push(JSON.parse(new URLSearchParams(body).get("payload") ?? "{}"));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await fake.stop();
  });
  beforeEach(async () => {
    fake.reset();
    received = [];
    process.env.GHE_HOST = new URL(fake.url).host; // the fake's repositories are GitHub repositories
    const address = receiver.address();
    const webhookUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hook`;
    app = await createTestApp(fake, { now: () => new Date("2026-11-22T10:00:00Z"), env: { API_TOKEN: TOKEN, WEBHOOK_URL: webhookUrl } });
    base = await app.listen();
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
  });
  afterEach(async () => {
    delete process.env.GHE_HOST;
    await app.close();
    fake.assertNoViolations();
  });

  const shop = () => `http://${process.env.GHE_HOST}/octo-org/shop.git`;
  const report = async (repository: string, name: string, status: string, revision = repo.sha("main")) => {
    const answer = await fetch(`${base}/api/build_status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: TOKEN, name, repository, revision, status }),
    });
    expect(answer.status).toBe(200);
    await app.signalbox.boardWorker!.drain();
    await app.signalbox.worker!.drain();
  };
  const projectOrder = async () => {
    const page = await (await fetch(`${base}/`)).text();
    return [...page.matchAll(/data-project="([^"]+)"/g)].map((m) => m[1]);
  };

  it("renames builds on the board and in the project webhook, and puts the project where its position says", async () => {
    await report("git@ci.example:tools/aardvark.git", "build", "successful", "b".repeat(40));
    await report(shop(), "shop_unit_tests", "successful");
    await report(shop(), "shop_deploy_staging", "building");
    await report(shop(), "lint", "failed");

    const last = received.filter((p) => p.project_name === "shop").at(-1);
    expect(last.latest_revisions[0].builds).toEqual([
      { name: "unit", status: "successful" },
      { name: "deploy", status: "building" },
      { name: "lint", status: "failed" },
    ]);
    const page = await (await fetch(`${base}/projects/shop`)).text();
    expect(page).toContain(">unit<");
    expect(page).not.toContain(">shop_unit_tests<");
    expect(await projectOrder()).toEqual(["shop", "aardvark"]); // position -1 before the default 0
  });

  it("follows the config when a push to the default branch changes it", async () => {
    await report("git@ci.example:tools/aardvark.git", "build", "successful", "b".repeat(40));
    await report(shop(), "shop_unit_tests", "successful");
    expect(await projectOrder()).toEqual(["shop", "aardvark"]);

    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": "board:\n  mappings: [\"shop_unit_tests=tests\"]\n  position: 5\n" } });
    const push = mergePushPayload(repoRef, before, after, []);
    push.commits[0].modified = [".github/signalbox.yml"];
    await app.receive("push", push);

    expect(await projectOrder()).toEqual(["aardvark", "shop"]);
    const page = await (await fetch(`${base}/projects/shop`)).text();
    expect(page).toContain(">tests<");
  });

  it("leaves a repository that is not on GitHub, or has no board section, as reported", async () => {
    await report("git@ci.example:tools/shop.git", "shop_unit_tests", "successful", "c".repeat(40));
    const last = received.filter((p) => p.project_name === "shop").at(-1);
    expect(last.latest_revisions[0].builds).toEqual([{ name: "shop_unit_tests", status: "successful" }]);
  });
});
