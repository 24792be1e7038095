/**
 * Live dashboards (GET /events) are capped per client address and in total, so one client cannot
 * hold every socket; the defaults serve an office of 200 wall screens behind one address.
 */
import { request, type ClientRequest } from "node:http";
import { decideStreamAdmission, DEFAULT_STREAM_LIMITS } from "../../src/web/event-stream-limits.js";
import { harness, routesOf } from "./board-fixtures.js";
import { serveDashboard, type TestServer } from "./serve-dashboard.js";

let server: TestServer;
const open: ClientRequest[] = [];
afterEach(async () => {
  for (const req of open.splice(0)) req.destroy();
  await server.close();
});

/** Opens an event stream from `from` (a 127.x address); resolves with its status once the head arrives. */
function openStream(from = "127.0.0.1"): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/events`, { localAddress: from, agent: false }, (res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined });
      res.resume();
    });
    req.on("error", (error) => reject(error));
    req.end();
    open.push(req);
  });
}

const statuses = async (count: number, from?: string) => {
  const answers: number[] = [];
  for (let i = 0; i < count; i++) answers.push((await openStream(from)).status);
  return answers;
};

it("refuses a client's stream over its cap with 429, and admits it again once one closes", async () => {
  server = await serveDashboard(routesOf(harness({ heartbeatMs: 60_000, eventStreams: { perClient: 3, total: 10 } })));
  expect(await statuses(3)).toEqual([200, 200, 200]);
  const refused = await openStream();
  expect(refused).toEqual({ status: 429, retryAfter: "30" });
  // Another address is not held back by the first one.
  expect(await statuses(1, "127.0.0.2")).toEqual([200]);
  open[0]!.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await openStream()).status).toBe(200);
});

it("refuses any stream over the total with 503", async () => {
  server = await serveDashboard(routesOf(harness({ heartbeatMs: 60_000, eventStreams: { perClient: 3, total: 5 } })));
  expect([...(await statuses(3, "127.0.0.1")), ...(await statuses(2, "127.0.0.2"))]).toEqual([200, 200, 200, 200, 200]);
  expect((await openStream("127.0.0.3")).status).toBe(503);
});

it("serves 200 wall screens behind one address with the default caps", async () => {
  server = await serveDashboard(routesOf(harness({ heartbeatMs: 60_000 })));
  const answers = await Promise.all(Array.from({ length: 200 }, () => openStream()));
  expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  expect(DEFAULT_STREAM_LIMITS.perClient).toBeGreaterThanOrEqual(200);
});

it.each([
  [{ total: 0, fromClient: 0 }, "admit"],
  [{ total: 9, fromClient: 2 }, "admit"],
  [{ total: 10, fromClient: 0 }, "refuse"],
  [{ total: 5, fromClient: 3 }, "refuse"],
])("decides %o: %s (per client 3, total 10)", (counts, kind) => {
  expect(decideStreamAdmission(counts, { perClient: 3, total: 10 }).kind).toBe(kind);
});
