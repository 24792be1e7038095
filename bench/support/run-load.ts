/** Runs bench/support/load.ts in its own process and collects its step results and acknowledged ids. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { LoadPlan, LoadWindow, WindowResult } from "./load.js";

export interface LoadRequest {
  secret: string;
  event: string;
  bodies: unknown[];
  windows: LoadWindow[];
}

export interface LoadResult {
  windows: WindowResult[];
  acknowledged: string[];
}

export async function runLoad(request: LoadRequest): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "signalbox-load-"));
  const { bodies, ...rest } = request;
  const plan: LoadPlan = { ...rest, bodiesFile: join(dir, "bodies.json"), ackFile: join(dir, "acked.txt") };
  writeFileSync(plan.bodiesFile, JSON.stringify(bodies.map((body) => JSON.stringify(body))));
  writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
  const script = join(import.meta.dirname, "load.ts");
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", import.meta.resolve("tsx"), script, join(dir, "plan.json")], { maxBuffer: 16 << 20 });
  const windows = stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as WindowResult);
  const acknowledged = readFileSync(plan.ackFile, "utf8").split("\n").filter(Boolean);
  return { windows, acknowledged };
}
