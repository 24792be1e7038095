/** `signalbox` as a function of its arguments, environment and I/O, so tests can drive it whole. */
import { readFileSync } from "node:fs";
import { parseCliArgs, type Command } from "./args.js";
import { detectCiContext, githubEventPath } from "./ci-context.js";
import { lock, report, unlock, type CommandIo } from "./commands.js";
import { CliError, type FetchLike } from "./http.js";
import { resolveSettings, type Settings } from "./settings.js";

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Reads GitHub's event file; defaults to the file system. */
  readFile?: (path: string) => string;
  /** Attempts per request and the first retry's delay (tests shorten them). */
  retry?: { attempts?: number; baseDelayMs?: number };
}

const COMMANDS: Record<Command, (s: Settings, io: CommandIo) => Promise<number>> = { report, lock, unlock };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one command and answers its exit code: 0 done, 1 refused or lock not obtained, 2 usage. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const out = (line: string) => void io.stdout.write(`${line}\n`);
  const err = (line: string) => void io.stderr.write(`${line}\n`);
  const parsed = parseCliArgs(argv);
  if (parsed.kind === "help") {
    out(parsed.text);
    return 0;
  }
  if (parsed.kind === "usage-error") {
    err(`signalbox: ${parsed.message} (see "signalbox ${parsed.command ? `${parsed.command} ` : ""}--help")`);
    return 2;
  }
  const ci = detectCiContext(env, { githubEvent: readGithubEvent(env, io, err) });
  const resolved = resolveSettings(parsed.args, env, ci);
  if (!resolved.ok) {
    err(`signalbox: ${resolved.message}`);
    return 2;
  }
  const http = {
    fetch: io.fetch ?? ((url: string, init: RequestInit) => fetch(url, init)),
    sleep: io.sleep ?? defaultSleep,
    warn: err,
    ...io.retry,
  };
  try {
    return await COMMANDS[resolved.settings.command](resolved.settings, { http, out, err });
  } catch (error) {
    if (error instanceof CliError) {
      err(`signalbox: ${error.message}`);
      return error.exitCode;
    }
    err(`signalbox: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** GitHub's event payload, read only for pull-request events; a missing file falls back to GITHUB_SHA. */
function readGithubEvent(env: NodeJS.ProcessEnv, io: CliIo, err: (line: string) => void): unknown {
  const path = githubEventPath(env);
  if (path === undefined) return undefined;
  try {
    return JSON.parse((io.readFile ?? ((p: string) => readFileSync(p, "utf8")))(path)) as unknown;
  } catch (error) {
    err(`signalbox: cannot read GITHUB_EVENT_PATH (${error instanceof Error ? error.message : String(error)}); using GITHUB_SHA`);
    return undefined;
  }
}
