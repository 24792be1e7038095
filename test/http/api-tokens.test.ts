/** Scoped API tokens: API_TOKENS names tokens with scopes; a lone API_TOKEN keeps every scope. */
import { authorize } from "../../src/intake/http/api-call.js";
import { loadSettings, parseApiTokens } from "../../src/settings.js";

describe("API tokens", () => {
  const tokens = loadSettings({ API_TOKEN: "legacy", API_TOKENS: "jenkins:report+lock:j-secret, release-bot:promote:r:secret ops:admin:o-secret" }).apiTokens;

  it("parses named, scoped tokens (a token may contain colons)", () => {
    expect(parseApiTokens("release-bot:promote:r:secret")).toEqual([{ name: "release-bot", scopes: ["promote"], token: "r:secret" }]);
  });

  it.each([
    ["a report token reporting", "j-secret", "report", null],
    ["a report token taking a lock", "j-secret", "lock", null],
    ["a report token promoting", "j-secret", "promote", 403],
    ["a promote token promoting", "r:secret", "promote", null],
    ["a promote token reporting", "r:secret", "report", 403],
    ["an admin token deleting", "o-secret", "admin", null],
    ["an admin token promoting", "o-secret", "promote", null],
    ["the lone API_TOKEN promoting", "legacy", "promote", null],
    ["any token reading", "j-secret", "read", null],
    ["a wrong token", "nope", "report", 401],
    ["no token", undefined, "report", 401],
  ] as const)("%s", (_label, given, scope, status) => {
    expect(authorize(tokens, given, scope)?.status ?? null).toBe(status);
  });

  it("refuses everything when no token is configured", () => {
    expect(authorize([], "anything", "read")).toMatchObject({ status: 401, error: expect.stringMatching(/API_TOKEN/) });
  });

  it.each(["jenkins:deploy:x", "jenkins::x", "jenkins:report", ":report:x"])("refuses the malformed entry %s without echoing a secret", (entry) => {
    expect(() => loadSettings({ API_TOKENS: entry })).toThrow(/API_TOKENS entry/);
    try {
      loadSettings({ API_TOKENS: entry });
    } catch (error) {
      expect(String(error)).not.toContain(":x");
    }
  });
});
