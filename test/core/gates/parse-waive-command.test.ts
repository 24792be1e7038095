/** /waive and /unwaive comments: the command or a usage error to reply with. */
import { DEFAULT_WAIVER_MS, parseWaiveCommand } from "../../../src/core/gates/index.js";

const DAY = 86_400_000;

describe("parseWaiveCommand", () => {
  it.each<[string, string, object | null]>([
    ["plain", "/waive unit flaky network", { kind: "waive", testcase: "unit", reason: "flaky network", context: null, durationMs: DEFAULT_WAIVER_MS }],
    ["with --context", "/waive e2e broken infra --context promote", { kind: "waive", testcase: "e2e", reason: "broken infra", context: "promote", durationMs: 7 * DAY }],
    ["with --for", "/waive e2e broken infra --for 2d", { kind: "waive", testcase: "e2e", reason: "broken infra", context: null, durationMs: 2 * DAY }],
    ["options first and with =", "/waive dctest/net --for=12h --context=test_tag DNS is down", { kind: "waive", testcase: "dctest/net", reason: "DNS is down", context: "test_tag", durationMs: 12 * 3_600_000 }],
    ["on a later line", "LGTM, but\n/waive unit see #12\nthanks", { kind: "waive", testcase: "unit", reason: "see #12", context: null, durationMs: 7 * DAY }],
    ["hostile text kept", "/waive unit <script>alert(1)</script>", { kind: "waive", testcase: "unit", reason: "<script>alert(1)</script>", context: null, durationMs: 7 * DAY }],
    ["unwaive", "/unwaive unit", { kind: "unwaive", testcase: "unit", context: null }],
    ["unwaive with context", "/unwaive unit --context promote", { kind: "unwaive", testcase: "unit", context: "promote" }],
    ["no command", "please /waive this", null],
    ["another command", "/waiver unit x", null],
  ])("%s", (_name, body, expected) => {
    expect(parseWaiveCommand(body)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ["/waive", /^\/waive needs a testcase\. Usage: `\/waive <testcase> <reason…> \[--context <name>\] \[--for 2d\]`$/],
    ["/waive unit", /^\/waive needs a reason after the testcase\. Usage/],
    ["/waive unit x --for forever", /^--for needs a duration such as 2d or 12h, not "forever"\. Usage/],
    ["/waive unit x --for 0d", /^--for needs a duration/],
    ["/waive unit x --for 31d", /^--for may be at most 30d\. Usage/],
    ["/waive unit x --context", /^--context needs a value\. Usage/],
    ["/waive unit x --contxt promote", /^unknown option --contxt\. Usage/],
    ["/unwaive", /^\/unwaive needs a testcase\. Usage: `\/unwaive <testcase> \[--context <name>\]`$/],
    ["/unwaive unit --for 2d", /^\/unwaive takes no --for\. Usage/],
  ])("%j is a usage error", (body, error) => {
    const parsed = parseWaiveCommand(body);
    expect(parsed).toMatchObject({ kind: "usage" });
    expect((parsed as { error: string }).error).toMatch(error);
  });
});
