/** The gate check run: status, conclusion, the requirements table, waivers, hostile text escaped. */
import { decideGate, renderGateCheck } from "../../../src/core/gates/index.js";
import { at, LATER, policy, result, SHA, waiver } from "./fixtures.js";

const check = (require: string[], results = [result("unit", "PASSED")], waivers = [waiver("x", 0)].slice(0, 0), over = {}) =>
  renderGateCheck("promote", decideGate(policy(require, over), results, waivers, SHA, LATER, "promote"), waivers, LATER);

describe("renderGateCheck", () => {
  it.each<[string, string[], ReturnType<typeof result>[], string, string | null]>([
    ["passes", ["unit"], [result("unit", "PASSED")], "completed", "success"],
    ["fails", ["unit"], [result("unit", "FAILED")], "completed", "failure"],
    ["errors", ["unit"], [result("unit", "ERROR")], "completed", "failure"],
    ["waits for a running test", ["unit"], [result("unit", "RUNNING")], "in_progress", null],
    ["waits for a missing test", ["unit"], [], "in_progress", null],
    ["fails when one fails and another runs", ["unit", "e2e"], [result("unit", "FAILED"), result("e2e", "RUNNING")], "completed", "failure"],
    ["passes when nothing is required", [], [], "completed", "success"],
  ])("%s", (_name, require, results, status, conclusion) => {
    expect(check(require, results)).toMatchObject({ name: "signalbox/gate:promote", status, conclusion });
  });

  it("renders the summary as title and a table, waivers with who, why and until", () => {
    const results = [result("unit", "PASSED", 1, { refUrl: "https://ci.example/1" }), result("e2e", "FAILED", 2, { refUrl: "javascript:alert(1)" }), result("e2e", "PASSED", 1)];
    const waivers = [waiver("e2e", 3, { by: "alice", reason: "infra down" }), waiver("lint", 0, { expiresAt: at(5) })];
    const out = check(["unit", "e2e", "smoke"], results, waivers);
    expect(out.title).toBe("Of 3 required tests, 1 missing, 1 waived");
    expect(out.summary).toBe(
      [
        "**Blocks:** Of 3 required tests, 1 missing, 1 waived.",
        "",
        "| Testcase | Outcome | Link | Waiver |",
        "| --- | --- | --- | --- |",
        "| smoke | ⚪ missing |  |  |",
        "| unit | ✅ PASSED | [log](https://ci.example/1) |  |",
        "| e2e | 🟡 FAILED (flaky) |  | by @alice: infra down (until 2026-06-08 12:03 UTC) |",
        "",
        "Flaky: `e2e` flipped between PASSED and FAILED on this commit.",
        "",
        "### Waivers",
        "",
        "| Testcase | Gate | By | Why | Until | State |",
        "| --- | --- | --- | --- | --- | --- |",
        "| e2e | all | @alice | infra down | 2026-06-08 12:03 UTC | active |",
        "| lint | all | @alice | known breakage | 2026-06-01 12:05 UTC | expired |",
      ].join("\n"),
    );
  });

  it("says which failures are quarantined", () => {
    const out = check(["flaky/net"], [result("flaky/net", "FAILED")], [], { quarantine: ["flaky/*"] });
    expect(out.conclusion).toBe("success");
    expect(out.summary).toContain("| flaky/net | 🔍 NEEDS_INSPECTION |");
    expect(out.summary).toContain("Quarantined (`gates.promote.quarantine`): `flaky/net` failed and needs inspection; quarantined failures do not block.");
  });

  it("escapes hostile testcases, reasons and links", () => {
    const results = [result("<img src=x>|*x*", "FAILED", 1, { refUrl: "https://e.example/a)(b" })];
    const waivers = [waiver("<img src=x>|*x*", 2, { reason: "[click](javascript:x) <b>", by: "mallory" })];
    const out = check(["<img src=x>|*x*"], results, waivers);
    expect(out.summary).not.toMatch(/<img|<b>|[^\\]\]\(javascript/);
    expect(out.summary).toContain("\\[click\\](javascript:x) &lt;b&gt;");
    expect(out.summary).toContain("&lt;img src=x&gt;\\|\\*x\\*");
    expect(out.summary).toContain("[log](https://e.example/a%29%28b)");
  });

  it("tells how to waive a failure", () => {
    expect(check(["unit"], [result("unit", "FAILED")]).summary).toMatch(/`\/waive <testcase> <reason>`/);
  });
});
