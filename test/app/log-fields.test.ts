/**
 * The worker's log lines, as pino writes them (JSON, one a line): each names the delivery, the
 * repository and the event, so one delivery's story can be followed with a single filter.
 */
import { pino } from "pino";
import { FakeGitHub } from "../fakes/fake-github.js";
import { mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "logged", installationId: 61 };

describe("log lines of the processing path", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let lines: string[];
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date("2026-11-22T10:00:00Z");
    lines = [];
    // pino writes each line to the destination synchronously; keep them as the operator would see them.
    const log = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    app = await createTestApp(fake, { now: () => clock, log });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const configPush = () => {
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": "pipelines: {}\n" } });
    return mergePushPayload(repoRef, before, after, [".github/signalbox.yml"]);
  };
  const about = (delivery: string) => ({ delivery, repo: "octo-org/logged", event: "push" });

  it("names the delivery, repository and event when an entry is processed", async () => {
    await app.receive("push", configPush(), "logged-1");
    const processed = records().find((r) => r.msg === "processed");
    expect(processed).toMatchObject({ ...about("logged-1"), level: 30, attempt: 1, reason: expect.any(String) });
    expect(lines.every((line) => line.endsWith("\n") && !line.slice(0, -1).includes("\n"))).toBe(true);
  });

  it("names them when processing fails and is retried, and when it then succeeds", async () => {
    fake.faults.inject({ method: "POST", path: /check-runs$/, times: 1, kind: "status", status: 502 });
    await app.receive("push", configPush(), "logged-flaky");
    clock = new Date(clock.getTime() + 60_000);
    await app.signalbox.worker!.drain();
    const retry = records().find((r) => r.msg === "processing failed; will retry");
    expect(retry).toMatchObject({ ...about("logged-flaky"), level: 40, attempt: 1, retryInMs: expect.any(Number), err: expect.objectContaining({ status: 502 }) });
    expect(records().find((r) => r.msg === "processed")).toMatchObject({ ...about("logged-flaky"), attempt: 2 });
  });

  it("names them when a failure is final", async () => {
    fake.faults.inject({ method: "POST", path: /check-runs$/, times: 1, kind: "status", status: 422 });
    await app.receive("push", configPush(), "logged-refused");
    expect(records().find((r) => r.msg === "processing failed; not retrying")).toMatchObject({ ...about("logged-refused"), level: 50 });
  });

  it("names them for a redelivery that is dropped", async () => {
    const push = configPush();
    await app.receive("push", push, "logged-twice");
    await app.receive("push", push, "logged-twice");
    expect(records().find((r) => r.msg === "duplicate delivery ignored")).toMatchObject(about("logged-twice"));
  });
});
