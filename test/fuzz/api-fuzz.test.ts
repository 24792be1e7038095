/**
 * Seeded hostile requests against the app's HTTP API and the dashboard's sign-in, served as the
 * app serves them (real store, fake GitHub): every answer is 2xx or 4xx (redirects followed, and
 * never off-site), the app keeps answering, and no secret (API tokens, the password, the session
 * secret, the app's private key, installation tokens) appears in an answer or in the log.
 * FUZZ_CASES sets the count (`npm run fuzz` runs 10,000); npm test runs a few hundred.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { fuzzRequest, type FuzzSecrets } from "./api-requests.js";
import { captureLogs } from "./log-capture.js";
import { seeded } from "./mutate.js";
import { FUZZ_CONFIG, FUZZ_REPO } from "./targets.js";

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122) + 2;
const SECRETS: FuzzSecrets = { apiToken: "fuzz-api-token-4f1d", scopedToken: "fuzz-scoped-token-9c2e", password: "fuzz-dashboard-pw-7a3b", sessionSecret: "fuzz-session-secret-1e5f" };

describe(`HTTP API and sign-in fuzzing (${CASES} cases, seed ${SEED})`, () => {
  const fake = new FakeGitHub();
  const logs = captureLogs("debug");
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    await fake.start();
    fake.addRepo({ ...FUZZ_REPO, defaultBranch: "main" }).commit("main", { files: { ".github/signalbox.yml": FUZZ_CONFIG } });
    const env = {
      API_TOKEN: SECRETS.apiToken,
      API_TOKENS: `ci:report+lock+read@octo-org/*:${SECRETS.scopedToken}`,
      WEB_PASSWORD: SECRETS.password,
      SESSION_SECRET: SECRETS.sessionSecret,
    };
    app = await createTestApp(fake, { env, log: logs.logger });
    url = await app.listen();
  });
  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it(
    "answers every request with 2xx or 4xx, stays on the site, and leaks no secret",
    async () => {
      const random = seeded(SEED);
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      const leaks = new Set<string>();
      const secrets = [SECRETS.apiToken, SECRETS.scopedToken, SECRETS.password, SECRETS.sessionSecret];
      for (let i = 0; i < CASES; i++) {
        const request = fuzzRequest(random, SECRETS);
        const sent = await fetch(url + request.path, { method: request.method, headers: request.headers, body: request.body, redirect: "follow" }).then(
          (res) => ({ res }),
          (error: unknown) => ({ error: `${String(error)} ${String((error as { cause?: unknown }).cause)}` }),
        );
        if (!("res" in sent) && request.oversized && sent.error.includes("ECONNRESET")) {
          statuses.set(0, (statuses.get(0) ?? 0) + 1); // 0: the oversized upload was cut after the refusal
          continue;
        }
        if (!("res" in sent)) {
          failures.push(`case ${i} ${request.method} ${request.path.slice(0, 80)}: ${sent.error}`);
          continue;
        }
        const res = sent.res;
        const body = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status < 200 || res.status >= 500 || (res.status >= 300 && res.status < 400)) failures.push(`case ${i} ${request.method} ${request.path.slice(0, 80)}: ${res.status} ${body.slice(0, 200)}`);
        if (!res.url.startsWith(url)) failures.push(`case ${i}: redirected off-site to ${res.url}`);
        for (const secret of secrets) if (body.includes(secret)) leaks.add(`answer to case ${i} carries ${secret}`);
      }
      expect(failures).toEqual([]);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const log = logs.lines.join("\n");
      for (const secret of [...secrets, fake.privateKey.split("\n")[1]!]) if (log.includes(secret)) leaks.add(`the log carries ${secret.slice(0, 12)}…`);
      if (/ghs_[A-Za-z0-9]{8,}/.test(log)) leaks.add("the log carries an installation token");
      expect([...leaks]).toEqual([]);
      fake.assertNoViolations();
      console.info(`api fuzz: ${CASES} cases, answers ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    },
    120_000 + CASES * 100,
  );
});
