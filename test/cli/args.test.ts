import { HELP, parseCliArgs, type CliArgs } from "../../src/cli/args.js";
import { resolveSettings } from "../../src/cli/settings.js";

const SHA = "1a2b3c4d".repeat(5);

describe("parseCliArgs", () => {
  it.each<[string, string[], Partial<CliArgs>]>([
    ["report", ["report", "--name", "unit", "--status", "building"], { command: "report", name: "unit", status: "building", wait: true }],
    ["short flags", ["report", "-n", "unit", "-s", "failed"], { name: "unit", status: "failed" }],
    ["= syntax and all report flags", ["report", "--name=unit", "--status=successful", "--url=https://ci/1", `--revision=${SHA}`, "--repository=org/repo"], { url: "https://ci/1", revision: SHA, repository: "org/repo" }],
    ["options before the command", ["--server", "https://sb.example.com", "report", "-n", "u", "-s", "building"], { command: "report", server: "https://sb.example.com" }],
    ["lock defaults", ["lock", "--name", "deploy"], { command: "lock", name: "deploy", interval: 10, timeoutMinutes: 30, wait: true }],
    ["lock --no-wait and timings", ["lock", "-n", "deploy", "--no-wait", "--interval", "0.5", "--timeout", "0"], { wait: false, interval: 0.5, timeoutMinutes: 0 }],
    ["unlock", ["unlock", "--name", "deploy", "--token", "t"], { command: "unlock", name: "deploy", token: "t" }],
  ])("%s", (_label, argv, expected) => {
    const result = parseCliArgs(argv);
    expect(result.kind).toBe("run");
    if (result.kind === "run") expect(result.args).toMatchObject(expected);
  });

  it.each<[string[], string]>([
    [["--help"], HELP.main],
    [["-h"], HELP.main],
    [["help"], HELP.main],
    [["report", "--help"], HELP.report],
    [["lock", "-h"], HELP.lock],
    [["unlock", "--help", "--bogus"], HELP.unlock],
  ])("help: %j", (argv, text) => {
    expect(parseCliArgs(argv)).toEqual({ kind: "help", text });
  });

  it.each<[string, string[], RegExp]>([
    ["no command", [], /missing command/],
    ["unknown command", ["deploy"], /unknown command "deploy"/],
    ["missing name", ["report", "--status", "building"], /--name is required/],
    ["empty name", ["lock", "--name", " "], /--name is required/],
    ["missing status", ["report", "--name", "unit"], /--status is required/],
    ["bad status", ["report", "--name", "unit", "--status", "passed"], /bad --status "passed"/],
    ["report has no --no-wait", ["report", "-n", "u", "-s", "building", "--no-wait"], /--no-wait/],
    ["unknown option", ["lock", "--name", "d", "--force"], /^Unknown option '--force'$/],
    ["option without value", ["report", "--status", "building", "--name"], /--name/],
    ["extra argument", ["unlock", "--name", "d", "extra"], /unexpected argument "extra"/],
    ["bad interval", ["lock", "-n", "d", "--interval", "soon"], /--interval/],
    ["zero interval", ["lock", "-n", "d", "--interval", "0"], /--interval/],
    ["negative timeout", ["lock", "-n", "d", "--timeout", "-1"], /--timeout/],
  ])("usage error: %s", (_label, argv, message) => {
    const result = parseCliArgs(argv);
    expect(result.kind).toBe("usage-error");
    if (result.kind === "usage-error") expect(result.message).toMatch(message);
  });
});

describe("resolveSettings", () => {
  const args = (extra: Partial<CliArgs> = {}): CliArgs => ({
    command: "report", name: "unit", status: "building", interval: 10, timeoutMinutes: 30, wait: true, ...extra,
  });
  const env = { SIGNALBOX_URL: "https://sb.example.com/", SIGNALBOX_TOKEN: "tok" };
  const ci = { provider: "circleci" as const, revision: SHA, repository: "https://github.com/org/repo", statusUrl: "https://ci/9" };

  it("takes server, token and the CI's identity from the environment", () => {
    expect(resolveSettings(args(), env, ci)).toEqual({
      ok: true,
      settings: expect.objectContaining({ server: "https://sb.example.com", token: "tok", revision: SHA, repository: ci.repository, statusUrl: "https://ci/9", provider: "circleci" }),
    });
  });

  it("lets explicit flags win", () => {
    const other = "ABCDEF12".repeat(5);
    const flags = args({ server: "http://127.0.0.1:9/base/", token: "flag", revision: other, repository: "git@host:o/r.git", url: "https://x/1" });
    const result = resolveSettings(flags, env, ci);
    expect(result).toEqual({
      ok: true,
      settings: expect.objectContaining({ server: "http://127.0.0.1:9/base", token: "flag", revision: other.toLowerCase(), repository: "git@host:o/r.git", statusUrl: "https://x/1" }),
    });
  });

  it.each<[string, Record<string, string>, Partial<CliArgs>, object, RegExp]>([
    ["no server", { SIGNALBOX_TOKEN: "t" }, {}, ci, /no server: pass --server or set SIGNALBOX_URL/],
    ["a server URL that is not http(s)", { ...env, SIGNALBOX_URL: "ftp://sb" }, {}, ci, /use http\(s\)/],
    ["a server URL with a token in it", { ...env, SIGNALBOX_URL: "https://sb/?token=x" }, {}, ci, /must not carry credentials/],
    ["no token", { SIGNALBOX_URL: "https://sb" }, {}, ci, /no token: set SIGNALBOX_TOKEN/],
    ["no revision names every variable tried", env, {}, {}, /no revision found:.*GITHUB_SHA.*CI_COMMIT_SHA.*CIRCLE_SHA1.*GIT_COMMIT/],
    ["a short SHA", env, { revision: "1a2b3c4" }, ci, /full 40-character commit SHA/],
    ["no repository", env, {}, { revision: SHA }, /no repository found:.*GITHUB_REPOSITORY.*CI_PROJECT_URL.*CIRCLE_REPOSITORY_URL.*GIT_URL/],
  ])("%s", (_label, environment, extra, context, message) => {
    expect(resolveSettings(args(extra), environment, context)).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it("falls back to API_TOKEN, but SIGNALBOX_TOKEN wins", () => {
    const token = (e: Record<string, string>) => {
      const result = resolveSettings(args(), { SIGNALBOX_URL: "https://sb", ...e }, ci);
      return result.ok ? result.settings.token : result.message;
    };
    expect(token({ API_TOKEN: "fallback" })).toBe("fallback");
    expect(token({ API_TOKEN: "fallback", SIGNALBOX_TOKEN: "main" })).toBe("main");
  });

  it("strips credentials from an explicit repository", () => {
    const result = resolveSettings(args({ repository: "https://u:secret@git.example.com/o/r.git" }), env, ci);
    expect(result.ok && result.settings.repository).toBe("https://git.example.com/o/r.git");
  });
});
