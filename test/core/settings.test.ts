import { loadSettings } from "../../src/settings.js";

describe("loadSettings", () => {
  it("applies the documented defaults", () => {
    expect(loadSettings({})).toEqual({
      databaseUrl: undefined,
      dataDir: "./.signalbox",
      apiToken: undefined,
      apiTokens: [],
      webPassword: undefined,
      webhookUrl: undefined,
      buildTimeoutMinutes: 60,
      revisionsToKeep: 500,
      timerIntervalSeconds: 30,
      reconcileIntervalSeconds: 300,
      retentionDays: 30,
      journalLeaseSeconds: 30,
      metricsToken: undefined,
      shutdownGraceSeconds: 20,
      sseConnectionsPerClient: 256,
      sseConnectionsTotal: 2048,
    });
  });

  it("treats empty values (as in .env.example) as unset", () => {
    expect(loadSettings({ DATABASE_URL: "", API_TOKEN: "", BUILD_TIMEOUT_IN_MINUTES: "" })).toMatchObject({
      databaseUrl: undefined,
      apiToken: undefined,
      buildTimeoutMinutes: 60,
    });
  });

  it("reads numbers and URLs", () => {
    expect(loadSettings({ BUILD_TIMEOUT_IN_MINUTES: "15", REVISIONS_TO_KEEP: "20", WEBHOOK_URL: "https://chat.example/hook" })).toMatchObject({
      buildTimeoutMinutes: 15,
      revisionsToKeep: 20,
      webhookUrl: "https://chat.example/hook",
    });
  });

  it.each([
    ["a non-numeric timeout", { BUILD_TIMEOUT_IN_MINUTES: "soon" }, /BUILD_TIMEOUT_IN_MINUTES/],
    ["a negative revision count", { REVISIONS_TO_KEEP: "-1" }, /REVISIONS_TO_KEEP/],
    ["a webhook URL that is not http(s)", { WEBHOOK_URL: "ftp://x" }, /WEBHOOK_URL/],
    ["a negative shutdown grace period", { SHUTDOWN_GRACE_SECONDS: "-5" }, /SHUTDOWN_GRACE_SECONDS/],
  ])("refuses %s, naming the variable", (_label, env, pattern) => {
    expect(() => loadSettings(env)).toThrow(pattern);
  });
});
