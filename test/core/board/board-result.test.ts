import { buildResultOf } from "../../../src/core/board-api/board-result.js";
import { parseGitHubRepository } from "../../../src/core/board-api/github-mirror.js";

const SHA = "a".repeat(40);
const report = (repository: string, status: "building" | "successful" | "failed" = "successful") => ({ repository, revision: SHA, name: "unit", status, statusUrl: null });

describe("a board build as a result", () => {
  it.each([
    ["git@github.com:org/app.git", "org/app"],
    ["https://github.com/org/app", "org/app"],
    ["ssh://git@git.internal.example:2222/org/app.git/", "org/app"],
    ["https://git.internal.example/org/app.git", "org/app"],
    ["/srv/git/app.git", null],
    ["app", null],
    ["https://example.com/../app", null],
  ])("%s is recorded under %s", (repository, expected) => {
    const built = buildResultOf(report(repository));
    expect(built ? `${built.repo.owner}/${built.repo.repo}` : null).toBe(expected);
  });

  it.each([
    ["building", "RUNNING"],
    ["successful", "PASSED"],
    ["failed", "FAILED"],
  ] as const)("a %s build is %s, from the board", (status, outcome) => {
    expect(buildResultOf(report("git@github.com:org/app.git", status))?.result).toEqual({ testcase: "unit", item: SHA, outcome, source: "board", refUrl: null, note: null });
  });

  it("still mirrors only repositories on GitHub's hosts", () => {
    expect(parseGitHubRepository("git@github.com:org/app.git", ["github.com"])).toEqual({ owner: "org", repo: "app" });
    expect(parseGitHubRepository("https://git.internal.example/org/app.git", ["github.com"])).toBeUndefined();
  });
});
