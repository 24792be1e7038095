import type { Build, BuildStatus, Revision } from "../../../src/store/board-store.js";
import { averageBuildTimes, releasePoints } from "../../../src/core/board/index.js";

const t = (minutes: number) => new Date(Date.UTC(2024, 0, 1, 12, minutes));
const build = (name: string, status: BuildStatus, from: number, to: number): Build => ({ name, status, statusUrl: null, createdAt: t(from), updatedAt: t(to) });
const rev = (hash: string, builds: Build[], at = 0): Revision => ({ hash, createdAt: t(at), builds });

it.each<[string, Revision[], string[], Array<[string, number, number]>]>([
  ["averages finished builds per name", [rev("b", [build("unit", "successful", 0, 4)]), rev("a", [build("unit", "failed", 0, 2)])], [], [["unit", 3 * 60_000, 2]]],
  ["skips builds still building", [rev("a", [build("unit", "building", 0, 9), build("lint", "successful", 0, 1)])], [], [["lint", 60_000, 1]]],
  ["groups by short name, mapped names first", [rev("a", [build("z", "successful", 0, 1), build("x0", "successful", 0, 2), build("x1", "successful", 0, 4)])], ["x0=x", "x1=x"], [["x", 3 * 60_000, 2], ["z", 60_000, 1]]],
  ["is empty without builds", [], ["a=b"], []],
])("%s", (_, revisions, mappings, expected) => {
  expect(averageBuildTimes(revisions, mappings)).toEqual(expected.map(([name, averageMs, count]) => ({ name, averageMs, count })));
});

it("orders releases oldest first with their lead time from commit (or first sight) to tag", () => {
  const releases = [
    { tag: "release-2024.01.02-1", sha: "b", createdAt: t(90), commits: 3 },
    { tag: "release-2024.01.01-1", sha: "a", createdAt: t(30), committedAt: t(10), commits: 5 },
    { tag: "release-2024.01.03-1", sha: "unknown", createdAt: t(120), commits: 1 },
    { tag: "test-2024.01.01-1", sha: "a", createdAt: t(20), commits: 1 },
  ];
  expect(releasePoints(releases, [rev("b", [], 60)])).toEqual([
    { tag: "release-2024.01.01-1", leadTimeMs: 20 * 60_000, commits: 5 },
    { tag: "release-2024.01.02-1", leadTimeMs: 30 * 60_000, commits: 3 },
    { tag: "release-2024.01.03-1", leadTimeMs: null, commits: 1 },
  ]);
});
