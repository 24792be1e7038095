/** The process edges' pure decisions: how to start, which webhook requests to read, what a log line keeps. */
import { formatPathForLog, serializeError, stripQueryFromMessage } from "../../src/server/create-logger.js";
import { decideStartup } from "../../src/server/decide-startup.js";
import { decideWebhookIntake, MAX_WEBHOOK_BYTES } from "../../src/server/webhook-intake.js";

describe("decideStartup", () => {
  const registered = { APP_ID: "12", WEBHOOK_SECRET: "s3cret" };
  it.each<[string, Record<string, string>, boolean, object]>([
    ["no app id: setup page on the loopback interface", {}, true, { kind: "setup", host: "127.0.0.1" }],
    ["no private key: setup page", { APP_ID: "12" }, false, { kind: "setup", host: "127.0.0.1" }],
    ["an empty HOST does not open the setup page to the network", { HOST: "" }, false, { kind: "setup", host: "127.0.0.1" }],
    ["HOST says otherwise: the setup page listens there", { HOST: "0.0.0.0" }, false, { kind: "setup", host: "0.0.0.0" }],
    ["registered without a webhook secret: refuse", { APP_ID: "12" }, true, { kind: "refuse", error: expect.stringMatching(/^WEBHOOK_SECRET is not set/) }],
    ["registered with an empty webhook secret: refuse", { APP_ID: "12", WEBHOOK_SECRET: "" }, true, { kind: "refuse" }],
    ["registered: serve on Probot's defaults", registered, true, { kind: "serve", host: "localhost", port: 3000, webhookPath: "/api/github/webhooks" }],
    ["registered, with HOST, PORT and WEBHOOK_PATH", { ...registered, HOST: "0.0.0.0", PORT: "8080", WEBHOOK_PATH: "/hooks" }, true, { kind: "serve", host: "0.0.0.0", port: 8080, webhookPath: "/hooks" }],
  ])("%s", (_name, env, hasKey, expected) => {
    expect(decideStartup(env, hasKey)).toMatchObject(expected);
  });
});

describe("decideWebhookIntake", () => {
  it.each<[string, string | undefined, string | undefined, object]>([
    ["a GitHub event", "push", "100", { kind: "read" }],
    ["no length declared (chunked): read within the cap", "pull_request", undefined, { kind: "read" }],
    ["exactly 25 MB", "push", String(MAX_WEBHOOK_BYTES), { kind: "read" }],
    ["one byte over 25 MB", "push", String(MAX_WEBHOOK_BYTES + 1), { kind: "refuse", status: 413 }],
    ["signalbox's train entry", "signalbox.train", "10", { kind: "refuse", status: 400, error: "x-github-event signalbox.train is not a GitHub event" }],
    ["any signalbox. name, in any case", "SignalBox.Tick", "10", { kind: "refuse", status: 400 }],
  ])("%s", (_name, event, contentLength, expected) => {
    expect(decideWebhookIntake({ event, contentLength })).toMatchObject(expected);
  });
});

describe("what a log line keeps", () => {
  it.each([
    ["/api/build_status?token=s3cret", "/api/build_status"],
    ["/login#frag", "/login"],
    ["/events", "/events"],
  ])("logs %s as %s", (url, path) => expect(formatPathForLog(url)).toBe(path));

  it.each([
    ["GET /api/repos/o/r/train?token=s3cret 200 - 3ms", "GET /api/repos/o/r/train 200 - 3ms"],
    ["POST /api/build_status?a=1&token=x 401 - 1ms", "POST /api/build_status 401 - 1ms"],
    ["Is this a question? yes", "Is this a question? yes"],
  ])("rewrites the message %s", (message, expected) => expect(stripQueryFromMessage(message)).toBe(expected));

  it("keeps a refused delivery's id and name, never its body or signature, and masks credentials in messages", () => {
    const refused = Object.assign(new Error("signature does not match; Authorization: Bearer abcdefgh12345"), { event: { id: "d-1", name: "push", payload: '{"secret":"body"}', signature: "sha256=abc" } });
    const aggregate = Object.assign(new AggregateError([refused], refused.message), { event: refused.event });
    const text = JSON.stringify(serializeError(aggregate));
    expect(text).toContain('"event":{"id":"d-1","name":"push"}');
    expect(text).not.toContain("secret");
    expect(text).not.toContain("sha256=abc");
    expect(text).not.toContain("abcdefgh12345");
  });
});
