/** Scoped API tokens: API_TOKENS names tokens with scopes; a lone API_TOKEN keeps every scope. */
import { authorize } from "../../src/intake/http/api-call.js";
import { loadSettings, parseApiTokens } from "../../src/settings.js";

describe("API tokens", () => {
  const tokens = loadSettings({ API_TOKEN: "legacy", API_TOKENS: "jenkins:report+lock:j-secret, release-bot:promote:r:secret ops:admin:o-secret dash:read:d-secret" }).apiTokens;

  it("parses named, scoped tokens (a token may contain colons)", () => {
    expect(parseApiTokens("release-bot:promote:r:secret")).toEqual([{ name: "release-bot", scopes: ["promote"], repos: [], token: "r:secret" }]);
  });

  it("parses the repositories and owners a token covers (a bare owner means all its repositories)", () => {
    expect(parseApiTokens("jenkins:report+lock@acme/*:s3cret ci:read@acme/app+octo:t@k:en")).toEqual([
      { name: "jenkins", scopes: ["report", "lock"], repos: ["acme/*"], token: "s3cret" },
      { name: "ci", scopes: ["read"], repos: ["acme/app", "octo/*"], token: "t@k:en" },
    ]);
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
    ["a report token reading", "j-secret", "read", 403],
    ["a promote token reading", "r:secret", "read", 403],
    ["a read token reading", "d-secret", "read", null],
    ["a read token reporting", "d-secret", "report", 403],
    ["an admin token reading", "o-secret", "read", null],
    ["the lone API_TOKEN reading", "legacy", "read", null],
    ["a wrong token", "nope", "report", 401],
    ["no token", undefined, "report", 401],
  ] as const)("%s", (_label, given, scope, status) => {
    expect(authorize(tokens, given, scope)?.status ?? null).toBe(status);
  });

  it("refuses everything when no token is configured", () => {
    expect(authorize([], "anything", "read")).toMatchObject({ status: 401, error: expect.stringMatching(/API_TOKEN/) });
  });

  it.each(["jenkins:deploy:x", "jenkins::x", "jenkins:report", ":report:x", "jenkins:report@:x", "jenkins:report@acme/a/b:x", "jenkins:report@ac me:x"])("refuses the malformed entry %s without echoing a secret", (entry) => {
    expect(() => loadSettings({ API_TOKENS: entry })).toThrow(/API_TOKENS entry/);
    try {
      loadSettings({ API_TOKENS: entry });
    } catch (error) {
      expect(String(error)).not.toContain(":x");
    }
  });
});
