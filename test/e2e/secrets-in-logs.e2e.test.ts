/**
 * End to end, in both log formats: every kind of secret the real `npm start` process handles,
 * sent in every place it can travel (headers, query strings, bodies, cookies, webhook
 * signatures), never shows up anywhere in its standard output or error. Nor do the private key,
 * the webhook secret, the installation tokens it got from GitHub, or a wrongly signed body.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook, deliverWebhook, signPayload } from "../fakes/webhooks.js";
import { buildApp, githubAppEnv, startApp, waitFor, type RunningApp } from "./start-process.js";

const repoRef = { owner: "octo-org", repo: "secretive", installationId: 5151 };

/** Distinct values, so a hit names the secret that leaked. */
const secretsFor = (format: string) => ({
  apiToken: `api-token-${format}-Zq81`,
  wrongToken: `wrong-guess-${format}-Kd02`,
  metricsToken: `metrics-token-${format}-Wm33`,
  webPassword: `web-password-${format}-Pp44`,
  webhookSecret: `webhook-secret-${format}-Hs55`,
  forgedBodyMarker: `forged-body-${format}-Fb66`,
});

describe.each(["json", "pretty"])("LOG_FORMAT=%s: no secret in the output", (format) => {
  const fake = new FakeGitHub();
  const secrets = secretsFor(format);
  const installationTokens: string[] = [];
  const travelled: string[] = [];
  let app: RunningApp;

  beforeAll(async () => {
    buildApp();
    await fake.start();
    // Remember every installation token the app is given, to look for them in its output.
    const issue = fake.issueToken.bind(fake);
    fake.issueToken = (id: number) => {
      const issued = issue(id);
      installationTokens.push(issued.token);
      return issued;
    };
    app = await startApp({
      ...githubAppEnv(fake, secrets.webhookSecret),
      LOG_FORMAT: format,
      LOG_LEVEL: "debug",
      API_TOKEN: secrets.apiToken,
      METRICS_TOKEN: secrets.metricsToken,
      WEB_PASSWORD: secrets.webPassword,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  const call = async (path: string, init: RequestInit = {}) => (await fetch(`${app.url}${path}`, init)).status;
  const report = (token?: string) => `name=unit&repository=octo-org/secretive&revision=${"a".repeat(40)}&status=building${token ? `&token=${token}` : ""}`;
  const form = { "content-type": "application/x-www-form-urlencoded" };

  it("sends API and metrics tokens in headers, query strings and bodies", async () => {
    for (const token of [secrets.apiToken, secrets.wrongToken]) {
      const ok = token === secrets.apiToken;
      expect(await call("/api/build_status", { method: "POST", headers: { ...form, authorization: `Bearer ${token}` }, body: report() })).toBe(ok ? 200 : 401);
      expect(await call(`/api/build_status?token=${token}`, { method: "POST", headers: form, body: report() })).toBe(ok ? 200 : 401);
      expect(await call("/api/build_status", { method: "POST", headers: form, body: report(token) })).toBe(ok ? 200 : 401);
      expect(await call("/api/build/lock", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, name: "deploy", repository: "octo-org/secretive", revision: "b".repeat(40) }) })).toBe(ok ? 200 : 401);
      expect(await call(`/api/repos/octo-org/secretive/train?token=${token}`)).not.toBe(500);
      expect(await call(`/no/such/path?token=${token}`)).toBe(404);
    }
    expect(await call("/metrics", { headers: { authorization: `Bearer ${secrets.metricsToken}` } })).toBe(200);
    expect(await call(`/metrics?token=${secrets.metricsToken}`)).toBe(401);
    expect(await call("/metrics", { headers: { authorization: `Bearer ${secrets.wrongToken}` } })).toBe(401);
  });

  it("signs in to the dashboard and uses the session cookie", async () => {
    const page = await fetch(`${app.url}/login`);
    const csrf = /signalbox_csrf=([0-9a-f]{32})/.exec(page.headers.get("set-cookie") ?? "")![1]!;
    const cookie = `signalbox_csrf=${csrf}`;
    const signIn = await fetch(`${app.url}/login`, { method: "POST", redirect: "manual", headers: { ...form, cookie }, body: `csrf=${csrf}&next=%2F&password=${secrets.webPassword}` });
    expect(signIn.status).toBe(303);
    const session = /signalbox_session=([^;]+)/.exec(signIn.headers.get("set-cookie") ?? "")![1]!;
    travelled.push(session);
    expect(await call("/", { headers: { cookie: `${cookie}; signalbox_session=${session}` } })).toBe(200);
    // A wrong password travels in a body too.
    expect(await call("/login", { method: "POST", headers: { ...form, cookie }, body: `csrf=${csrf}&password=${secrets.wrongToken}` })).toBe(401);
  });

  it("delivers signed webhooks that make the app use an installation token, and a forged one", async () => {
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": "pipelines: {}\n" } });
    const payload = buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: Record<string, any>) => {
        Object.assign(p, { ref: "refs/heads/main", before, after, deleted: false, forced: false, created: false });
        p.repository.default_branch = "main";
        p.commits = [{ ...(p.commits?.[0] ?? {}), id: after, added: [], removed: [], modified: [".github/signalbox.yml"] }];
      },
    });
    travelled.push(signPayload(JSON.stringify(payload), secrets.webhookSecret).slice("sha256=".length));
    expect((await deliverWebhook(app.url, { name: "push", id: `secret-push-${format}`, payload, secret: secrets.webhookSecret })).status).toBe(200);
    await waitFor(() => installationTokens.length > 0 && fake.calls.some((c) => c.method === "POST" && c.path.endsWith("/check-runs")), 15_000, app.output);

    const forged = JSON.stringify({ ...payload, note: secrets.forgedBodyMarker });
    const forgedSignature = signPayload(forged, "not-the-secret");
    const sha1 = `sha1=${"f0e1d2c3b4".repeat(4)}`;
    travelled.push(forgedSignature.slice("sha256=".length), sha1.slice("sha1=".length));
    const res = await fetch(`${app.url}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": `forged-${format}`, "x-hub-signature-256": forgedSignature, "x-hub-signature": sha1 },
      body: forged,
    });
    expect(res.status).toBe(400);
    // The refusal is logged, naming the delivery.
    await waitFor(() => app.output().includes(`forged-${format}`), 5_000, app.output);
  });

  it("wrote none of them to stdout or stderr", async () => {
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the last access-log lines flush
    const output = app.output();
    expect(output.length).toBeGreaterThan(0);
    const pemLines = fake.privateKey.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"));
    const everySecret: Record<string, string> = {
      ...secrets,
      ...Object.fromEntries(installationTokens.map((token, i) => [`installation token ${i + 1}`, token])),
      ...Object.fromEntries(travelled.map((value, i) => [`travelled value ${i + 1}`, value])),
      ...Object.fromEntries(pemLines.map((line, i) => [`private key line ${i + 1}`, line])),
    };
    expect(installationTokens.length).toBeGreaterThan(0);
    const leaked = Object.entries(everySecret).filter(([, value]) => output.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
  });
});
