import { escapeMarkdown, formatAuthor, formatLink, renderReleaseNotes } from "../../../src/core/render/release-notes.js";
import { renderWhereComment, WHERE_MARKER } from "../../../src/core/render/train-where-comment.js";
import { renderTrainCheck } from "../../../src/core/render/train-check.js";
import { decideMergeResult } from "../../../src/core/train/decide-merge.js";
import { HEAD, SRC, config, now, pr, repo, setup, state, summarize } from "./fixtures.js";

it("release notes: PRs with authors and an evidence table with links", () => {
  const notes = renderReleaseNotes({
    tag: "release-2026.11.22-5",
    previousTag: "release-2026.11.20-4",
    prs: [{ number: 12, title: "Fix *bold* [link](javascript:alert(1)) <img>", author: "alice", labels: [] }, { number: 13, title: "Bump deps", author: "renovate[bot]", labels: [] }],
    evidence: [
      { name: "dctest/smoke", passed: true, summary: "12 passed", url: "https://ci.example/1" },
      { name: "dctest|pipe", passed: false, summary: "line\nbreak", url: "javascript:alert(1)" },
    ],
  });
  expect(notes).toBe([
    "Changes since `release-2026.11.20-4`:",
    "",
    "- Fix \\*bold\\* \\[link\\]\\(javascript:alert\\(1\\)\\) \\<img\\> (#12) by @alice",
    "- Bump deps (#13) by @renovate[bot]",
    "",
    "### Evidence",
    "",
    "| Required result | State | Summary | Link |",
    "| --- | --- | --- | --- |",
    "| dctest/smoke | ✅ passed | 12 passed | [details](https://ci.example/1) |",
    "| dctest\\|pipe | ❌ failed | line break |  |",
  ].join("\n"));
});

it("release notes for a first release without PRs or required results", () => {
  expect(renderReleaseNotes({ tag: "v0.0.1", previousTag: null, prs: [], evidence: [] })).toBe(
    "Changes in this first release:\n\n- No pull requests were merged.\n\n### Evidence\n\nNo results were required.",
  );
});

it.each<[string, string]>([
  ["@everyone ping", "\\@everyone ping"],
  ["a_b `c` ~d~ #1 !x & y", "a\\_b \\`c\\` \\~d\\~ \\#1 \\!x \\& y"],
  ["back\\slash", "back\\\\slash"],
])("escapeMarkdown(%j)", (text, expected) => {
  expect(escapeMarkdown(text)).toBe(expected);
});

it("only plain logins mention, only http(s) links link", () => {
  expect(formatAuthor("x](http://evil)")).toBe("x\\]\\(http://evil\\)");
  expect(formatLink("l", "HTTPS://ok.example/a")).toBe("[l](HTTPS://ok.example/a)");
  expect(formatLink("l", "data:text/html,x")).toBe("");
  expect(formatLink("l", "https://x.example/a) [y](https://z")).toBe("");
});

it("the where-is-my-change comment, at each stage", () => {
  expect(renderWhereComment({ testTag: "test-2026.11.22-5" })).toBe([
    WHERE_MARKER, "**Where is this change?**", "",
    "- ✅ Included in test tag `test-2026.11.22-5`", "- ⬜ Released to staging", "- ⬜ Promoted to production",
    "", "_signalbox edits this comment as the change moves along._",
  ].join("\n"));
  const done = renderWhereComment({ testTag: "test-2026.11.22-5", releaseTag: "release-2026.11.22-5", promoted: true });
  expect(done).toContain("- ✅ Released to staging as `release-2026.11.22-5` (pre-release)\n- ✅ Promoted to production");
});

it("the train check run on a tagged release head", () => {
  const check = renderTrainCheck(
    { sha: HEAD, prs: [pr(1)], gate: { status: "passed", nightly: false, at: "2026-11-22T10:00:00.000Z", outcomes: [{ name: "dctest/smoke", passed: true, summary: "ok", url: "https://ci.example/1" }] }, testTag: "test-2026.11.22-5", releaseTag: null },
    { repo, branch: "release", paused: null, releaseTagToBe: "release-2026.11.22-5" },
  );
  expect(check).toEqual({
    kind: "upsertCheckRun", repo, name: "signalbox/train", headSha: HEAD, status: "completed", conclusion: "success",
    title: "Tagged test-2026.11.22-5",
    summary: [
      "Release head `ccccccc` on `release`.", "",
      "### Merged pull requests", "", "- Change 1 (#1) by @dev1", "",
      "### Gate (2026-11-22T10:00:00.000Z)", "",
      "| Required result | State | Summary | Link |", "| --- | --- | --- | --- |", "| dctest/smoke | ✅ passed | ok | [details](https://ci.example/1) |", "",
      "### Tag", "", "`test-2026.11.22-5`. Press **Release** to create `release-2026.11.22-5` and its pre-release.",
    ].join("\n"),
    actions: [{ identifier: "train-release", label: "Release", description: "Create release-2026.11.22-5" }],
  });
});

it("semver scheme: the PR labels choose the next release candidate", () => {
  const f = { ...setup({ config: config({ gate: null, scheme: "semver" }) }, [{ name: "v1.2.0", sha: "1".repeat(40) }]), openBlockingIssue: null };
  const s = state({ pending: [{ sourceSha: SRC, prs: [pr(1, ["minor"]), pr(2, ["patch"])] }] });
  const d = decideMergeResult(s, { kind: "mergeResult", sourceSha: SRC, status: 201, mergeSha: HEAD }, f, now);
  expect(summarize(d.effects)[0]).toBe("createTag v1.3.0-rc.1 at ccc");
});
