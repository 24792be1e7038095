/**
 * Failures the fake GitHub can be told to produce: a 5xx, a secondary rate limit (`retry-after`),
 * a spent primary rate limit (`x-ratelimit-remaining: 0` and `x-ratelimit-reset`), or a request
 * that never answers; each either before the write is applied or after ("the answer was lost").
 */
export type FaultKind = "status" | "rateLimit" | "rateLimitReset" | "timeout";

export interface FaultSpec {
  method?: string;
  /** Exact path (without /api/v3 and query) or a pattern tested against it. */
  path?: string | RegExp;
  /** How many matching calls fail; default 1. */
  times?: number;
  kind: FaultKind;
  /** Any HTTP status; 5xx for outages, 4xx to make GitHub refuse a request. */
  status?: number;
  retryAfter?: number;
  afterApply?: boolean;
  /**
   * A primary rate limit (kind "rateLimit"): `x-ratelimit-remaining: 0` and `x-ratelimit-reset`
   * at `until`, with no retry-after, as GitHub answers once the hour's budget is spent.
   */
  primary?: boolean;
  /** Epoch milliseconds: every matching call fails until then (instead of `times` calls). */
  until?: number;
  /**
   * Armed only once a call this accepts has been seen (that call itself goes through): e.g. hang
   * whatever comes right after the merge, to kill the process at that step boundary.
   */
  armAfter?: (call: { method: string; path: string; body: unknown }) => boolean;
}

export interface RandomFaults {
  rate: number;
  kinds?: FaultKind[];
  seed?: number;
  method?: string;
  path?: string | RegExp;
  afterApply?: boolean;
  /** Statuses a "status" fault picks from; default 502. */
  statuses?: number[];
  /** Seconds a rate limit asks the caller to wait, picked from [min, max]; default 1. */
  retryAfter?: [number, number];
}

export interface Fault {
  kind: FaultKind;
  status: number;
  retryAfter: number;
  afterApply: boolean;
  /** Set for a primary rate limit: when the budget resets (epoch ms). */
  resetAt?: number;
}

interface Armed extends FaultSpec {
  remaining: number;
  /** False while waiting for its `armAfter` call. */
  active: boolean;
}

function matches(spec: { method?: string; path?: string | RegExp }, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  return typeof spec.path === "string" ? spec.path === path : spec.path.test(path);
}

/** mulberry32: a tiny seeded generator so a random-fault run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private armed: Armed[] = [];
  private randomSpec: RandomFaults | undefined;
  private next: () => number = Math.random;

  inject(spec: FaultSpec): void {
    this.armed.push({ ...spec, remaining: spec.times ?? 1, active: !spec.armAfter });
  }

  random(spec: RandomFaults): void {
    this.randomSpec = spec;
    this.next = seeded(spec.seed ?? 1);
  }

  clear(): void {
    this.armed = [];
    this.randomSpec = undefined;
  }

  /** The fault this call should suffer, consuming one use of it; undefined for none. */
  take(method: string, path: string, body?: unknown): Fault | undefined {
    const live = (f: Armed) => f.active && (f.until !== undefined ? Date.now() < f.until : f.remaining > 0);
    const hit = this.armed.find((f) => live(f) && matches(f, method, path));
    for (const f of this.armed) if (!f.active && f.armAfter?.({ method, path, body })) f.active = true;
    if (hit) {
      hit.remaining--;
      return toFault(hit);
    }
    const r = this.randomSpec;
    if (!r || !matches(r, method, path) || this.next() >= r.rate) return undefined;
    const kind = this.pick<FaultKind>(r.kinds?.length ? r.kinds : ["status"]) ?? "status";
    const [min, max] = r.retryAfter ?? [1, 1];
    const retryAfter = min + Math.floor(this.next() * (max - min + 1));
    return toFault({ kind, status: this.pick(r.statuses ?? [502]), retryAfter, afterApply: r.afterApply ?? this.next() < 0.5 });
  }

  private pick<T>(items: T[]): T | undefined {
    return items[Math.floor(this.next() * items.length)];
  }
}

function toFault(spec: Pick<FaultSpec, "kind" | "status" | "retryAfter" | "afterApply" | "primary" | "until">): Fault {
  const primary = spec.kind === "rateLimit" && spec.primary === true;
  return {
    kind: spec.kind,
    status: spec.kind === "rateLimit" ? (primary ? (spec.status ?? 403) : 403) : spec.kind === "rateLimitReset" ? 403 : (spec.status ?? 502),
    retryAfter: spec.retryAfter ?? 1,
    afterApply: spec.afterApply ?? false,
    ...(primary ? { resetAt: spec.until ?? Date.now() + (spec.retryAfter ?? 1) * 1000 } : {}),
  };
}
