/**
 * A call that carries its token in the Authorization header is judged on it before a byte of its
 * body is read: a wrong or under-scoped token is refused at once, however large or slow the body.
 * A call that carries its token in the body (joakimk's `token` field) is read within the 1 MB cap
 * first, as before.
 */
import { createServer, request, type Server } from "node:http";
import { handleApiCall, sendJson } from "../../src/intake/http/api-call.js";
import { loadSettings } from "../../src/settings.js";

const settings = loadSettings({ API_TOKENS: "jenkins:report:good-token" });
let server: Server;
let base: string;
let bodiesRead = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const scope = url.pathname === "/promote" ? "promote" : "report";
    void handleApiCall({ settings, log: { error: () => undefined } }, req, res, url, scope, async (fields) => {
      bodiesRead++;
      sendJson(res, 200, { name: fields.name ?? null });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends the headers and the first bytes of a body that never ends; resolves with the answer's status. */
function sendEndlessBody(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk)).on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.write('{"name": "unit", "padding": "');
  });
}

it.each([
  ["a wrong header token", { authorization: "Bearer not-the-token" }, "/report", 401, /wrong API token/],
  ["a header token without the scope", { authorization: "Bearer good-token" }, "/promote", 403, /may not promote/],
])("refuses %s before reading the body (which never ends)", async (_name, headers, path, status, error) => {
  const answer = await sendEndlessBody(path, headers);
  expect(answer.status).toBe(status);
  expect(JSON.parse(answer.body)).toMatchObject({ error: expect.stringMatching(error), field: "token" });
}, 5_000);

it("refuses a wrong header token with a body over 1 MB as 401, not 413: the body was never read", async () => {
  const res = await fetch(`${base}/report`, { method: "POST", headers: { authorization: "Bearer nope", "content-type": "application/json" }, body: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }) });
  expect(res.status).toBe(401);
});

it("reads the body of a call whose header token may act", async () => {
  const before = bodiesRead;
  const res = await fetch(`${base}/report`, { method: "POST", headers: { authorization: "Bearer good-token", "content-type": "application/json" }, body: JSON.stringify({ name: "unit" }) });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ name: "unit" });
  expect(bodiesRead).toBe(before + 1);
});

it.each([
  ["in the body", "/report", { "content-type": "application/x-www-form-urlencoded" }, "token=good-token&name=unit", 200],
  ["in the query string (deprecated, still accepted)", "/report?token=good-token", { "content-type": "application/x-www-form-urlencoded" }, "name=unit", 200],
  ["in the body, with a body over 1 MB", "/report", { "content-type": "application/x-www-form-urlencoded" }, `token=good-token&name=${"x".repeat(1024 * 1024)}`, 413],
  ["wrong, in the body", "/report", { "content-type": "application/x-www-form-urlencoded" }, "token=nope&name=unit", 401],
])("judges a token %s after reading the body within its cap", async (_name, path, headers, body, status) => {
  const res = await fetch(`${base}${path}`, { method: "POST", headers, body });
  expect(res.status).toBe(status);
});
