/**
 * Runs a definition through gitlab-ci-local (the reference for GitLab CI's scheduling rules):
 * writes .gitlab-ci.yml into a throwaway git repository whose jobs just `exit 0` / `exit 1`,
 * and reads back which jobs ran, in what order, and how they ended.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import type { Pipeline } from "../../../src/core/pipeline/types.js";

const run = promisify(execFile);
export const TOOL_DIR = path.resolve(process.cwd(), "tools/gitlab-ci-local");
const BIN_DIR = path.join(TOOL_DIR, "node_modules/.bin");

export type Ended = "pass" | "fail" | "warn";
export interface GitlabRun {
  /** Jobs that ran; WARN is GitLab's "failed, allowed to fail". */
  ended: Record<string, Ended>;
  startOrder: string[];
  exitCode: number;
  output: string;
}

/** Installs gitlab-ci-local (and the Node 22 it needs) into tools/ when missing. */
export async function ensureGitlabCiLocal(): Promise<void> {
  if (existsSync(path.join(BIN_DIR, "gitlab-ci-local"))) return;
  await run("npm", ["install", "--prefix", TOOL_DIR, "--no-audit", "--no-fund"], { timeout: 300_000 });
}

export function toGitlabYaml(pipeline: Pipeline, failing: ReadonlySet<string>): string {
  const doc: Record<string, unknown> = {
    // .pre and .post are implicit in GitLab; listing them is an error there.
    stages: pipeline.stages.filter((s) => s !== ".pre" && s !== ".post"),
  };
  for (const [name, job] of Object.entries(pipeline.jobs)) {
    doc[name] = {
      stage: job.stage,
      script: [failing.has(name) ? "exit 1" : "exit 0"],
      ...(job.needs ? { needs: job.needs } : {}),
      ...(job.when !== "on_success" ? { when: job.when } : {}),
      // Always explicit: GitLab defaults it to true for manual jobs, signalbox's schema to false.
      allow_failure: job.allow_failure,
    };
  }
  return stringify(doc);
}

export async function runGitlabCiLocal(yaml: string, manual: readonly string[]): Promise<GitlabRun> {
  const dir = await mkdtemp(path.join(tmpdir(), "signalbox-gcl-"));
  try {
    await writeFile(path.join(dir, ".gitlab-ci.yml"), yaml);
    const git = (...args: string[]) => run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir });
    await git("init", "-q");
    await git("commit", "-q", "--allow-empty", "-m", "init");
    await git("remote", "add", "origin", "https://gitlab.example.com/x/y.git");
    const args = manual.flatMap((job) => ["--manual", job]);
    const env = { ...process.env, PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ""}`, FORCE_COLOR: "0", NO_COLOR: "1" };
    const result = await run(path.join(BIN_DIR, "gitlab-ci-local"), args, { cwd: dir, env, timeout: 60_000 }).then(
      (ok) => ({ stdout: ok.stdout, code: 0 }),
      (err: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: `${err.stdout ?? ""}${err.stderr ?? ""}`, code: err.code ?? -1 }),
    );
    return { ...parseGitlabOutput(result.stdout), exitCode: result.code, output: result.stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function parseGitlabOutput(stdout: string): Pick<GitlabRun, "ended" | "startOrder"> {
  const ended: Record<string, Ended> = {};
  const startOrder: string[] = [];
  // eslint-disable-next-line no-control-regex
  for (const line of stdout.replace(/\x1b\[[\d;]*m/g, "").split("\n")) {
    const verdict = /^ (PASS|FAIL|WARN) +(\S+)/.exec(line);
    if (verdict) ended[verdict[2]!] = verdict[1]!.toLowerCase() as Ended;
    const start = /^(\S+) +starting shell/.exec(line);
    if (start) startOrder.push(start[1]!);
  }
  return { ended, startOrder };
}

/** Runs tasks with at most `limit` at a time, keeping results in input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
