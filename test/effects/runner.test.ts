/**
 * The effects runner's rules, whatever the effect: one application per idempotency key (the
 * recorded answer handed back), a decision replayed on retry, the runner's clock on what it
 * records, and an effect it does not know refused without being recorded as done.
 */
import type { Effect } from "../../src/core/effects.js";
import type { GitHubPort } from "../../src/effects/github-port.js";
import { EffectsRunner, type LocalEffectHandlers } from "../../src/effects/runner.js";
import type { TrainPort } from "../../src/effects/train-port.js";
import type { EffectLog } from "../../src/store/store.js";

const repo = { owner: "octo-org", repo: "shop", installationId: 7 };
const CLOCK = new Date("2026-01-05T10:00:00Z");

/** The effect log as the store keeps it: first write wins; `at` is the time each record was given. */
class MemoryEffectLog implements EffectLog {
  readonly records = new Map<string, { kind: string; result: unknown; at: Date }>();
  async find(key: string) {
    const record = this.records.get(key);
    return record && { result: structuredClone(record.result) };
  }
  async record(key: string, kind: string, result: unknown, now: Date) {
    if (!this.records.has(key)) this.records.set(key, { kind, result: structuredClone(result), at: now });
  }
}

/** A GitHub port that only counts the comments it is asked to write. */
function commentingPort(): { port: GitHubPort; comments: string[] } {
  const comments: string[] = [];
  const port = { createComment: async (_repo: unknown, _n: number, body: string) => void comments.push(body) } as unknown as GitHubPort;
  return { port, comments };
}

function taggingTrain(): { train: TrainPort; refs: string[] } {
  const refs: string[] = [];
  const train = { createRef: async (_repo: unknown, ref: string) => (refs.push(ref), "created" as const) } as unknown as TrainPort;
  return { train, refs };
}

describe("EffectsRunner", () => {
  it("refuses an effect of a kind it does not know, and records nothing for it", async () => {
    const log = new MemoryEffectLog();
    const { port } = commentingPort();
    const runner = new EffectsRunner(log, async () => port, () => CLOCK);
    const unknown = { kind: "deleteRepository", repo } as unknown as Effect;

    await expect(runner.applyAll("entry-1", [unknown])).rejects.toThrow(/deleteRepository/);
    expect([...log.records.keys()]).toEqual([]);
  });

  it("applies a comment once per key, and a retry of the same list writes nothing more", async () => {
    const log = new MemoryEffectLog();
    const { port, comments } = commentingPort();
    const runner = new EffectsRunner(log, async () => port, () => CLOCK);
    const effect: Effect = { kind: "comment", repo, issueNumber: 3, body: "hello" };

    await runner.applyAll("entry-1", [effect]);
    await runner.applyAll("entry-1", [effect]);
    expect(comments).toEqual(["hello"]);
    expect(log.records.get("entry-1#0:comment")).toEqual({ kind: "comment", result: null, at: CLOCK });
  });

  it("applies a train effect through the entry's train port once, hands back its recorded answer, and counts the step once", async () => {
    const log = new MemoryEffectLog();
    const { train, refs } = taggingTrain();
    const steps: string[] = [];
    const metrics = { trainStep: (step: string, outcome: string) => steps.push(`${step}:${outcome}`), effect: () => undefined };
    const runner = new EffectsRunner(log, async () => commentingPort().port, () => CLOCK, undefined, { metrics: metrics as never }).forEntry({ train });
    const tag: Effect = { kind: "createTag", repo, name: "test-2026.01.05-1", sha: "a".repeat(40) };

    expect(await runner.apply("entry-1:train:0#0", tag)).toEqual({ ref: "created" });
    expect(await runner.apply("entry-1:train:0#0", tag)).toEqual({ ref: "created" });
    expect(refs).toEqual(["tags/test-2026.01.05-1"]);
    expect(steps).toEqual(["tag:created"]);
    expect(log.records.get("entry-1:train:0#0")?.at).toEqual(CLOCK);
  });

  it("refuses a train effect on a runner without a train port, without recording it", async () => {
    const log = new MemoryEffectLog();
    const runner = new EffectsRunner(log, async () => commentingPort().port, () => CLOCK);
    const tag: Effect = { kind: "createTag", repo, name: "test-2026.01.05-1", sha: "a".repeat(40) };

    await expect(runner.apply("entry-1:train:0#0", tag)).rejects.toThrow(/release-train port/);
    expect(log.records.size).toBe(0);
  });

  it("hands the entry's own effects to its handlers, with the runner's clock, and keeps no record of them", async () => {
    const log = new MemoryEffectLog();
    const started: string[] = [];
    const local: LocalEffectHandlers = {
      startPipeline: async (effect, key) => void started.push(`${effect.pipeline}@${key}`),
      evaluateGate: async (_effect, now) => ({ name: "gates.test_tag", passed: true, summary: now.toISOString() }),
    };
    const runner = new EffectsRunner(log, async () => commentingPort().port, () => CLOCK).forEntry({ local });

    await runner.apply("e#0", { kind: "startPipeline", repo, pipeline: "gate", sha: "b".repeat(40), ref: "release", purpose: "gate" });
    const answer = await runner.apply("e#1", { kind: "evaluateGate", repo, context: "test_tag", sha: "b".repeat(40) });
    expect(started).toEqual(["gate@e#0"]);
    expect(answer).toEqual({ gate: { name: "gates.test_tag", passed: true, summary: CLOCK.toISOString() } });
    expect(log.records.size).toBe(0);
  });

  it("replays a recorded decision instead of deciding again", async () => {
    const log = new MemoryEffectLog();
    const runner = new EffectsRunner(log, async () => commentingPort().port, () => CLOCK);
    let decided = 0;
    const decide = async () => ({ reason: `decision ${++decided}` });

    expect(await runner.decideOnce("e:train:0:decision", "trainDecision", decide)).toEqual({ reason: "decision 1" });
    expect(await runner.decideOnce("e:train:0:decision", "trainDecision", decide)).toEqual({ reason: "decision 1" });
    expect(decided).toBe(1);
    expect(log.records.get("e:train:0:decision")).toEqual({ kind: "trainDecision", result: { reason: "decision 1" }, at: CLOCK });
  });

  it("answers a commit status GitHub refuses for good as refused, and throws what a retry may fix", async () => {
    const log = new MemoryEffectLog();
    const failWith = (status: number) => ({ createCommitStatus: async () => Promise.reject(Object.assign(new Error(`answered ${status}`), { status })) }) as unknown as GitHubPort;
    const status = { sha: "c".repeat(40), context: "unit", state: "success" as const };
    const refusedBy422 = new EffectsRunner(log, async () => failWith(422), () => CLOCK);
    const failedBy502 = new EffectsRunner(log, async () => failWith(502), () => CLOCK);

    expect(await refusedBy422.apply("board-outbox:s", { kind: "setCommitStatus", repo, status })).toEqual({ refused: expect.stringContaining("(422)") });
    await expect(failedBy502.apply("board-outbox:s", { kind: "setCommitStatus", repo, status })).rejects.toThrow("answered 502");
    expect(log.records.size).toBe(0); // the outbox row is its record
  });
});
