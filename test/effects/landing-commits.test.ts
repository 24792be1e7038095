import { landingCommits, type ComparedCommit } from "../../src/effects/landing-commits.js";

/** `"b<a"` is commit b with parent a; `"m<a,f"` a merge of f into a. Listed oldest first, as compare does. */
function graph(...specs: string[]): ComparedCommit[] {
  return specs.map((spec) => {
    const [sha, parents = ""] = spec.split("<");
    return { sha: sha!, parents: parents.split(",").filter(Boolean).map((p) => ({ sha: p })) };
  });
}

describe("landingCommits", () => {
  it.each([
    ["a squash-merged PR", graph("s<base"), "s", ["s"]],
    ["a merge commit: its branch's commits ride along", graph("f1<base", "f2<f1", "m<base,f2"), "m", ["m"]],
    ["a rebase merge: every commit lands on the branch", graph("r1<base", "r2<r1", "r3<r2"), "r3", ["r3", "r2", "r1"]],
    ["two PRs merged in one push", graph("f<base", "m1<base,f", "g<base", "m2<m1,g"), "m2", ["m2", "m1"]],
    ["a PR merged into a branch that was then merged", graph("b<base", "inner<base,b", "a<inner", "outer<base,a"), "outer", ["outer", "inner"]],
    ["no base: only the head is known", graph("h"), "h", ["h"]],
    ["a head outside the compared commits", graph("x<base"), "elsewhere", ["elsewhere"]],
  ])("%s", (_case, commits, head, expected) => {
    expect(landingCommits(commits, head)).toEqual(expected);
  });
});
