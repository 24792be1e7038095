/** decideWaive: permission, contexts, no waiving a running test, unwaive of an active waiver. */
import { decideWaive, parseWaiveCommand, type Result, type WaiveFacts, type Waiver } from "../../../src/core/gates/index.js";
import { at, result, SHA, waiver } from "./fixtures.js";

const command = (text: string) => parseWaiveCommand(text) as WaiveFacts["command"];
const facts = (text: string, over: Partial<WaiveFacts> = {}): WaiveFacts => ({
  command: command(text),
  sender: "alice",
  permission: "write",
  item: SHA,
  contexts: ["promote", "test_tag"],
  results: [],
  waivers: [],
  now: at(60),
  ...over,
});

describe("decideWaive: who may", () => {
  it.each([
    ["admin", "add"],
    ["maintain", "add"],
    ["write", "add"],
    ["triage", "refuse"],
    ["read", "refuse"],
    ["none", "refuse"],
  ] as const)("%s → %s", (permission, kind) => {
    const d = decideWaive(facts("/waive unit flaky", { permission }));
    expect(d.kind).toBe(kind);
    if (d.kind === "refuse") expect(d.reply).toBe("@alice, `/waive` needs write permission on this repository.");
  });
});

describe("decideWaive: /waive", () => {
  it("stores who, why, the item and an expiry, and replies", () => {
    const d = decideWaive(facts("/waive unit flaky `DNS` --for 2d --context promote"));
    expect(d).toEqual({
      kind: "add",
      waiver: { testcase: "unit", item: SHA, context: "promote", reason: "flaky `DNS`", by: "alice", createdAt: at(60), expiresAt: at(60 + 2 * 24 * 60) },
      reply: "@alice waived `unit` on aaaaaaa in the gate `promote` until 2026-06-03 13:00 UTC: flaky `DNS`\n\n`/unwaive unit` revokes it.",
    });
  });

  it.each<[string, Result[], string]>([
    ["queued", [result("unit", "QUEUED", 1)], "queued"],
    ["running", [result("unit", "FAILED", 1), result("unit", "RUNNING", 2)], "running"],
  ])("refuses a %s test", (_name, results, state) => {
    const d = decideWaive(facts("/waive unit flaky", { results }));
    expect(d).toEqual({
      kind: "refuse",
      reason: `unit is ${state}`,
      reply: `@alice, \`unit\` is ${state} on aaaaaaa; a test still under way cannot be waived. Wait for its result, then waive it if it fails.`,
    });
  });

  it.each<[string, Result[]]>([
    ["failed", [result("unit", "RUNNING", 1), result("unit", "FAILED", 2)]],
    ["missing", []],
    ["running on another item", [result("unit", "RUNNING", 1, { item: "c".repeat(40) })]],
  ])("accepts a %s test", (_name, results) => {
    expect(decideWaive(facts("/waive unit flaky", { results })).kind).toBe("add");
  });

  it.each<[string[], string]>([
    [["promote"], "@alice, there is no gate `nope`: the gates here are `promote`."],
    [[], "@alice, there is no gate `nope`: this repository has no gates configured."],
  ])("refuses an unknown --context", (contexts, reply) => {
    expect(decideWaive(facts("/waive unit x --context nope", { contexts }))).toMatchObject({ kind: "refuse", reply });
  });
});

describe("decideWaive: /unwaive", () => {
  const active: Waiver[] = [waiver("unit", 1, { context: "promote" })];
  it.each<[string, Waiver[], string, string]>([
    ["an active waiver", active, "/unwaive unit", "revoke"],
    ["in its context", active, "/unwaive unit --context promote", "revoke"],
    ["in another context", active, "/unwaive unit --context test_tag", "refuse"],
    ["an expired one", [waiver("unit", 1, { expiresAt: at(30) })], "/unwaive unit", "refuse"],
    ["a revoked one", [waiver("unit", 1, { revokedAt: at(30) })], "/unwaive unit", "refuse"],
    ["nothing", [], "/unwaive unit", "refuse"],
  ])("%s → %s", (_name, waivers, text, kind) => {
    expect(decideWaive(facts(text, { waivers })).kind).toBe(kind);
  });

  it("replies", () => {
    expect(decideWaive(facts("/unwaive unit", { waivers: active }))).toEqual({
      kind: "revoke",
      testcase: "unit",
      item: SHA,
      context: null,
      by: "alice",
      reply: "@alice revoked the waiver of `unit` on aaaaaaa.",
    });
    expect(decideWaive(facts("/unwaive unit", { waivers: [] }))).toMatchObject({ reply: "@alice, there is no active waiver of `unit` on aaaaaaa." });
  });

  it("needs write permission too", () => {
    expect(decideWaive(facts("/unwaive unit", { waivers: active, permission: "read" }))).toMatchObject({ reply: "@alice, `/unwaive` needs write permission on this repository." });
  });
});

