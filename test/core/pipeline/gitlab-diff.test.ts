/**
 * Differential test: the same definitions and job outcomes through gitlab-ci-local and through
 * planPipeline must run the same jobs with the same verdicts, except where gitlab-ci-local is
 * known to depart from GitLab (each such job is named in the case, see gitlab-cases.ts).
 */
import { GITLAB_CASES, toPipeline, type GitlabCase } from "./gitlab-cases.js";
import { ensureGitlabCiLocal, mapLimited, runGitlabCiLocal, toGitlabYaml, type Ended, type GitlabRun } from "./run-gitlab-ci-local.js";
import { simulatePipeline, type Simulation } from "./simulate-pipeline.js";

const reference = new Map<string, GitlabRun>();

beforeAll(async () => {
  await ensureGitlabCiLocal();
  const runs = await mapLimited(GITLAB_CASES, 4, (c) =>
    runGitlabCiLocal(toGitlabYaml(toPipeline(c), new Set(c.fail)), c.play ?? []),
  );
  GITLAB_CASES.forEach((c, i) => reference.set(c.name, runs[i]!));
}, 300_000);

/** What gitlab-ci-local's report would say for our run: PASS, FAIL, WARN or nothing. */
function verdicts(c: GitlabCase, sim: Simulation): Record<string, Ended> {
  const out: Record<string, Ended> = {};
  for (const [job, status] of Object.entries(sim.statuses)) {
    if (status === "success") out[job] = "pass";
    if (status === "failed") out[job] = c.jobs[job]!.allow_failure ? "warn" : "fail";
  }
  return out;
}

function differingJobs(ours: Record<string, Ended>, theirs: Record<string, Ended>): string[] {
  const names = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
  return [...names].filter((job) => ours[job] !== theirs[job]).sort();
}

it("has enough cases", () => {
  expect(GITLAB_CASES.length).toBeGreaterThanOrEqual(30);
  expect(new Set(GITLAB_CASES.map((c) => c.name)).size).toBe(GITLAB_CASES.length);
});

describe.each(GITLAB_CASES)("$name", (c) => {
  const pipeline = toPipeline(c);

  it.each([1, 2, 3])("agrees with gitlab-ci-local (interleaving %i)", (seed) => {
    const gitlab = reference.get(c.name)!;
    expect(gitlab.output).not.toMatch(/Error|invalid/i);
    const sim = simulatePipeline(pipeline, new Set(c.fail), c.play, seed);
    expect(sim.problems).toEqual([]);
    const ours = verdicts(c, sim);
    const differing = differingJobs(ours, gitlab.ended);
    expect(differing).toEqual([...(c.gclDiffers?.jobs ?? [])].sort());
    // Each known departure goes one way: signalbox (like GitLab) runs the job, gitlab-ci-local does not.
    for (const job of differing) expect([ours[job] !== undefined, gitlab.ended[job]]).toEqual([true, undefined]);
    if (!c.gclDiffers) expect(sim.result === "failed").toBe(gitlab.exitCode === 1);
    expect(sim.result).not.toBe("running");
  });

});
