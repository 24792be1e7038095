/**
 * No secret leaves through an error: an upstream failure whose message carries an installation
 * token, a private key or a Bearer header is answered with its status only, and the log line
 * about it has the credential masked. The API's own wrong-token answers never echo the token.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resultsApiRoutes } from "../../src/intake/http/results-api.js";
import { redactSecrets } from "../../src/intake/http/redact.js";
import { loadSettings } from "../../src/settings.js";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";

const TOKEN = "api-token-for-leaks";
const INSTALLATION_TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----";
const SECRETS = [INSTALLATION_TOKEN, "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun", "Bearer-sekrit-value-0123"];
const leaky = (status?: number) => Object.assign(new Error(`POST https://x-access-token:${INSTALLATION_TOKEN}@github.example/ failed with authorization: Bearer ${SECRETS[2]} and key ${KEY}`), status ? { status } : {});

let store: Store;
let server: Server;
let url: string;
let dataDir: string;
const logged: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "signalbox-leaks-"));
  store = await createStore({ dataDir });
  const record = (obj: object, msg: string) => void logged.push(JSON.stringify({ ...obj, msg }, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v)));
  const deps = { store, settings: loadSettings({ API_TOKEN: TOKEN }), now: () => new Date(), log: { info: record, warn: record, error: record } };
  const routes = resultsApiRoutes(deps, {
    loadGates: async () => {
      throw leaky(401);
    },
    resolveItem: async () => {
      throw leaky();
    },
    onResult: async () => {
      throw leaky(500);
    },
  });
  server = createServer((req, res) => void routes(req, res).then((handled) => handled || res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const bearer = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

it.each<[string, () => Promise<Response>, number, RegExp]>([
  ["an item lookup that fails", () => fetch(`${url}/api/results`, { method: "POST", headers: bearer, body: JSON.stringify({ repository: "o/r", testcase: "unit", outcome: "PASSED", item: "v1.0.0" }) }), 502, /could not look up item "v1\.0\.0": the request to GitHub failed/],
  ["a config read that fails", () => fetch(`${url}/api/decision?repository=o/r&context=promote&item=${"a".repeat(40)}`, { headers: bearer }), 502, /GitHub answered 401/],
])("answers %s with its status only, and logs it once with the credentials masked", async (_name, call, status, message) => {
  logged.length = 0;
  const res = await call();
  expect(res.status).toBe(status);
  const body = await res.text();
  expect(JSON.parse(body).error).toMatch(message);
  for (const secret of SECRETS) expect(body).not.toContain(secret);
  expect(logged).toHaveLength(1);
  for (const secret of SECRETS) expect(logged[0]).not.toContain(secret);
  expect(logged[0]).toContain("[redacted]");
});

it("logs a failed follow-up (gate re-evaluation) with the credentials masked, and still answers 201", async () => {
  logged.length = 0;
  const res = await fetch(`${url}/api/results`, { method: "POST", headers: bearer, body: JSON.stringify({ repository: "o/r", testcase: "unit", outcome: "PASSED", item: "b".repeat(40) }) });
  expect(res.status).toBe(201);
  expect(logged).toHaveLength(1);
  for (const secret of SECRETS) expect(logged[0]).not.toContain(secret);
});

it("does not echo a wrong token given in the query string or a header", async () => {
  for (const res of [await fetch(`${url}/api/results?repository=o/r&token=${INSTALLATION_TOKEN}`), await fetch(`${url}/api/waivers?repository=o/r`, { headers: { authorization: `Bearer ${INSTALLATION_TOKEN}` } })]) {
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(INSTALLATION_TOKEN);
  }
});

it.each([
  ["an installation token", `token ${INSTALLATION_TOKEN} expired`, "token [redacted] expired"],
  ["a personal token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "[redacted]"],
  ["a fine-grained token", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "[redacted]"],
  ["an app JWT", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjEyMzQ1Njd9.c2lnbmF0dXJlc2lnbmF0dXJl", "[redacted]"],
  ["a private key", `key: ${KEY}`, "key: [redacted]"],
  ["plain text", "Not Found - https://docs.github.com/rest", "Not Found - https://docs.github.com/rest"],
])("redactSecrets masks %s", (_name, text, expected) => {
  expect(redactSecrets(text)).toBe(expected);
});
