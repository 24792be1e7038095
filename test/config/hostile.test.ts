/** Config files come from any repository the app is installed on: none may hang or crash it. */
import { parseConfig, MAX_CONFIG_BYTES } from "../../src/config/parse-config.js";
import { defaultConfig } from "../../src/config/config-schema.js";

function billionLaughs(levels: number): string {
  const lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < levels; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

/** `count` distinct keys, as `{k0: 1, k1: 1, …}` or one `kN: 1` a line; 50,000 make about 490 KB. */
function distinctKeys(count: number, flow: boolean): string {
  const keys = Array.from({ length: count }, (_, i) => `k${i}: 1`);
  return flow ? `{${keys.join(",")}}\n` : `${keys.join("\n")}\n`;
}

describe("parseConfig: repeated keys, found in one pass", () => {
  it("names the line of a key repeated after thousands of others", () => {
    const result = parseConfig(`${distinctKeys(9_000, false)}k17: 2\n`);
    expect(result.errors).toEqual([{ path: "", line: 9_001, column: 1, message: "YAML syntax error: Map keys must be unique" }]);
  });

  it("checks each mapping on its own: the same key in two mappings is fine", () => {
    const text = "pipelines:\n  a:\n    on: pull_request\n    jobs: { j: { status: x } }\n  b:\n    on: pull_request\n    jobs: { j: { status: x } }\n";
    expect(parseConfig(text).errors).toEqual([]);
  });

  it("finds a repeated key in a nested flow mapping", () => {
    expect(parseConfig("pipelines: { a: { on: pull_request, on: pull_request } }\n").errors[0]).toMatchObject({ line: 1, message: /Map keys must be unique/ });
  });
});

describe("parseConfig: hostile input returns an error, quickly", () => {
  it.each<[string, string, RegExp]>([
    ["a billion-laughs alias bomb", billionLaughs(9), /too many YAML aliases/],
    ["very deep flow nesting", "[".repeat(100_000), /nested too deeply|YAML syntax error/],
    ["very deep block nesting", `a:\n  ${"- ".repeat(50_000)}x\n`, /nested too deeply|YAML syntax error/],
    ["a key longer than YAML allows", `${"k".repeat(100_000)}: 1\n`, /YAML syntax error: .*1024 chars/],
    ["a huge string", `trusted_bots: ["${"x".repeat(MAX_CONFIG_BYTES)}"]\n`, /too large/],
    ["a long key", `${"k".repeat(1_000)}: 1\n`, /unknown key "k{40}…"/],
    ["512 KB of distinct keys in one flow mapping", distinctKeys(50_000, true), /more than 10,000 keys \(the limit is 10,000\)/],
    ["512 KB of distinct keys, one a line", distinctKeys(50_000, false), /more than 10,000 keys \(the limit is 10,000\)/],
  ])("%s", (_name, text, message) => {
    const started = performance.now();
    const result = parseConfig(text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.length).toBeLessThanOrEqual(5);
    expect(result.errors[0]?.message).toMatch(message);
    expect(result.config).toEqual(defaultConfig());
  });

  it("does not let __proto__ change the config's prototype", () => {
    const result = parseConfig("__proto__: { polluted: true }\n");
    expect(result.errors[0]).toMatchObject({ path: "__proto__", line: 1 });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("reports many bad jobs without dropping any", () => {
    const jobs = Array.from({ length: 200 }, (_, i) => `      j${i}: { status: x, when: bad }`).join("\n");
    const result = parseConfig(`pipelines:\n  p:\n    on: pull_request\n    jobs:\n${jobs}\n`);
    expect(result.errors).toHaveLength(200);
    expect(result.errors[199]).toMatchObject({ path: "pipelines.p.jobs.j199.when", line: 204 });
  });
});

describe("parseConfig: branch and tag names that would become hostile refs", () => {
  it.each<[string, string, string, RegExp]>([
    ["a control character in the release branch", 'train:\n  branch: "rel\\u0000ease"\n', "train.branch", /control characters/],
    ["a bidirectional override in the release branch", 'train:\n  branch: "release-\\u202e1"\n', "train.branch", /invisible formatting/],
    ["a space in the source branch", "train:\n  source: my branch\n", "train.source", /spaces/],
    ["an oversized push branch", `pipelines:\n  p:\n    on: { push: ${"b".repeat(300)} }\n    jobs:\n      j: { workflow: j.yml }\n`, "pipelines.p.on.push", /at most 255 bytes/],
    ["'..' in a scheduled branch", 'pipelines:\n  p:\n    on: { schedule: "0 3 * * *", branch: "a..b" }\n    jobs:\n      j: { workflow: j.yml }\n', "pipelines.p.on.branch", /"\.\."/],
    ["a colon in a tag glob", 'pipelines:\n  p:\n    on: { tag: "v*:x" }\n    jobs:\n      j: { workflow: j.yml }\n', "pipelines.p.on.tag", /must not contain ~ \^ :/],
  ])("refuses %s, naming the field", (_name, text, path, message) => {
    const result = parseConfig(text);
    expect(result.errors).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
    expect(result.config).toEqual(defaultConfig());
  });

  it.each(["release", "release/2026-q4", "релиз", "feature/a_b-c.d"])("accepts the branch %s", (branch) => {
    expect(parseConfig(`train:\n  branch: ${branch}\n`).errors).toEqual([]);
  });

  it("accepts tag globs with * ? and [ ]", () => {
    expect(parseConfig('pipelines:\n  p:\n    on: { tag: "v[0-9]*.?" }\n    jobs:\n      j: { workflow: j.yml }\n').errors).toEqual([]);
  });
});
