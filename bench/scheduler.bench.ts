/**
 * Scheduler figures, each as a ratio to a plain topological sort (Kahn's algorithm) of the same
 * graph measured in the same run, so the numbers compare across machines:
 *  - planning a 10,000-job DAG from scratch (one planPipeline call);
 *  - a full simulated run: plan, start, finish every started job, plan again, until done.
 */
import { planPipeline } from "../src/core/pipeline/plan-pipeline.js";
import type { Job, JobStatus, Pipeline } from "../src/core/pipeline/types.js";

const JOBS = 10_000;
const STAGES = 8;
const REPEATS = 15;

/** Random DAG: most jobs need 1-4 earlier jobs of the same or an earlier stage, some use stage order. */
export function buildBenchPipeline(jobs = JOBS, stages = STAGES, seed = 42): Pipeline {
  const random = seededRandom(seed);
  const stageNames = Array.from({ length: stages }, (_, s) => `s${s}`);
  const defs: Record<string, Job> = {};
  for (let i = 0; i < jobs; i++) {
    const stage = stageNames[Math.floor((i * stages) / jobs)]!;
    const job: Job = { stage, when: "on_success", allow_failure: false, workflow: "w.yml" };
    if (i > 0 && random() < 0.9) {
      const count = 1 + Math.floor(random() * 4);
      job.needs = [...new Set(Array.from({ length: count }, () => `j${Math.floor(random() * i)}`))];
    }
    defs[`j${i}`] = job;
  }
  return { on: "pull_request", stages: stageNames, jobs: defs };
}

/** The baseline: Kahn's algorithm over the needs edges (stage order adds none here, so it is the cheaper graph). */
function topologicalSort(pipeline: Pipeline): string[] {
  const names = Object.keys(pipeline.jobs);
  const index = new Map(names.map((n, i) => [n, i]));
  const indegree = new Int32Array(names.length);
  const out: number[][] = names.map(() => []);
  names.forEach((name, i) => {
    for (const need of pipeline.jobs[name]!.needs ?? []) {
      out[index.get(need)!]!.push(i);
      indegree[i]!++;
    }
  });
  const queue = names.map((_, i) => i).filter((i) => indegree[i] === 0);
  for (let head = 0; head < queue.length; head++) {
    for (const next of out[queue[head]!]!) if (--indegree[next]! === 0) queue.push(next);
  }
  return queue.map((i) => names[i]!);
}

function simulateRun(pipeline: Pipeline): number {
  const jobs: Record<string, JobStatus> = {};
  let rounds = 0;
  for (;;) {
    rounds++;
    const step = planPipeline({ pipeline, jobs });
    for (const { job } of step.skip) jobs[job] = "skipped";
    for (const job of step.start) jobs[job] = "running";
    if (step.start.length === 0) return rounds;
    for (const job of step.start) jobs[job] = "success";
  }
}

function medianMs(fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export default function run(): void {
  const pipeline = buildBenchPipeline();
  const edges = Object.values(pipeline.jobs).reduce((n, job) => n + (job.needs?.length ?? 0), 0);
  for (let i = 0; i < 3; i++) {
    // Warm-up, so the JIT has compiled all three before anything is timed.
    topologicalSort(pipeline);
    planPipeline({ pipeline, jobs: {} });
    simulateRun(pipeline);
  }
  const kahn = medianMs(() => topologicalSort(pipeline));
  const plan = medianMs(() => planPipeline({ pipeline, jobs: {} }));
  const rounds = simulateRun(pipeline);
  const full = medianMs(() => simulateRun(pipeline));
  const perRound = full / rounds;
  console.log(`${JOBS} jobs, ${edges} needs edges, ${STAGES} stages; median of ${REPEATS} runs`);
  console.log(`  topological sort (Kahn, baseline): ${kahn.toFixed(2)} ms`);
  console.log(`  planPipeline, one call:            ${plan.toFixed(2)} ms  = ${(plan / kahn).toFixed(1)}x Kahn`);
  console.log(`  full simulated run, ${rounds} rounds:   ${full.toFixed(1)} ms  = ${(full / kahn).toFixed(1)}x Kahn (${(perRound / kahn).toFixed(1)}x per round)`);
  console.log("\n| bench | jobs | edges | Kahn ms | plan ms | plan / Kahn | full run ms (rounds) | full run / Kahn |");
  console.log("|---|---|---|---|---|---|---|---|");
  console.log(
    `| scheduler | ${JOBS} | ${edges} | ${kahn.toFixed(2)} | ${plan.toFixed(2)} | ${(plan / kahn).toFixed(1)}x | ${full.toFixed(1)} (${rounds}) | ${(full / kahn).toFixed(1)}x |`,
  );
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}
