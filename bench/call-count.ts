/**
 * Counting GitHub API calls made against the fake GitHub, for the API-budget benches. A 304 (an
 * unchanged answer to a conditional GET) is listed apart: GitHub does not count it against the
 * rate limit, so the budget is the other calls.
 */
import type { CallRecord } from "../test/fakes/request-handler.js";

/** One thing a careful implementation must ask or write, with how many calls it takes. */
export type Need = [what: string, calls: number, why: string];

export interface Counted {
  /** Every request sent. */
  requests: number;
  /** Of which GitHub answered 304 Not Modified. */
  notModified: number;
  /** Requests counted against the rate limit. */
  counted: number;
  byEndpoint: Map<string, { counted: number; notModified: number }>;
}

/** `GET /commits/{sha}/pulls`-style names, so calls to the same endpoint add up. */
export function endpointOf(call: Pick<CallRecord, "method" | "path">): string {
  const path = call.path
    .replace(/^\/repos\/[^/]+\/[^/]+/, "")
    .replace(/[0-9a-f]{40}/g, "{sha}")
    .replace(/\/\d+/g, "/{n}")
    .replace(/tags%2F[^/]+|tags\/[^/]+$/g, "tags/{tag}");
  return `${call.method} ${path || "(the repository)"}`;
}

export function countCalls(calls: CallRecord[]): Counted {
  const byEndpoint = new Map<string, { counted: number; notModified: number }>();
  for (const call of calls) {
    const entry = byEndpoint.get(endpointOf(call)) ?? { counted: 0, notModified: 0 };
    if (call.status === 304) entry.notModified++;
    else entry.counted++;
    byEndpoint.set(endpointOf(call), entry);
  }
  const notModified = calls.filter((call) => call.status === 304).length;
  return { requests: calls.length, notModified, counted: calls.length - notModified, byEndpoint };
}

export function sumOf(needs: Need[]): number {
  return needs.reduce((sum, [, n]) => sum + n, 0);
}

export function printBreakdown(title: string, counted: Counted, needs: Need[]): void {
  console.log(`### ${title}\n\ncalls made, by endpoint (counted against the limit, + answered 304):`);
  for (const [call, n] of [...counted.byEndpoint].sort((a, b) => b[1].counted - a[1].counted)) {
    console.log(`  ${String(n.counted).padStart(3)}${n.notModified ? ` +${n.notModified} 304` : ""}  ${call}`);
  }
  console.log("the minimum, by need:");
  for (const [what, n, why] of needs) console.log(`  ${String(n).padStart(3)}  ${what}: ${why}`);
  console.log("");
}

export interface Row {
  name: string;
  counted: Counted;
  minimum: number;
}

export function printTable(rows: Row[]): void {
  console.log("| what | requests | of which 304 (free) | counted against the limit | minimum | ratio |\n|---|---|---|---|---|---|");
  for (const { name, counted, minimum } of rows) {
    console.log(`| ${name} | ${counted.requests} | ${counted.notModified} | ${counted.counted} | ${minimum} | ${(counted.counted / minimum).toFixed(2)}x |`);
  }
}
