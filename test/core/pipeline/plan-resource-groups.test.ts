import { planResourceGroups } from "../../../src/core/pipeline/plan-resource-groups.js";
import { jobsInStageOrder } from "../../../src/core/pipeline/build-pipeline-graph.js";
import { toPipeline } from "./gitlab-cases.js";

describe("planResourceGroups", () => {
  it.each<[string, Parameters<typeof planResourceGroups>[0], Record<string, string>, string[]]>([
    ["nobody waits", [], {}, []],
    ["the oldest of a free group", [{ key: "r2/e2e", group: "cluster", queuedAt: 20 }, { key: "r1/e2e", group: "cluster", queuedAt: 10 }], {}, ["r1/e2e"]],
    ["nobody while the group is held", [{ key: "r2/e2e", group: "cluster", queuedAt: 20 }], { cluster: "r1/e2e" }, []],
    ["one per group", [
      { key: "a", group: "g1", queuedAt: 1 },
      { key: "b", group: "g2", queuedAt: 2 },
      { key: "c", group: "g1", queuedAt: 3 },
    ], {}, ["a", "b"]],
    ["ties keep queue order", [{ key: "first", group: "g", queuedAt: 5 }, { key: "second", group: "g", queuedAt: 5 }], {}, ["first"]],
  ])("%s", (_, waiting, holders, expected) => {
    expect(planResourceGroups(waiting, holders)).toEqual(expected);
  });
});

describe("jobsInStageOrder", () => {
  it("lists jobs by stage, needs within a stage first", () => {
    const pipeline = toPipeline({
      name: "t",
      stages: ["build", "test"],
      jobs: { t2: { stage: "test", needs: ["t1"] }, t1: { stage: "test" }, b: { stage: "build", allow_failure: true } },
    });
    expect(jobsInStageOrder(pipeline)).toEqual([
      { stage: "build", job: "b", needs: undefined, when: "on_success", allowFailure: true },
      { stage: "test", job: "t1", needs: undefined, when: "on_success", allowFailure: false },
      { stage: "test", job: "t2", needs: ["t1"], when: "on_success", allowFailure: false },
    ]);
  });
});
