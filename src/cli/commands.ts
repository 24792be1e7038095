/** The three commands. Each returns its exit code; server failures arrive as `CliError`. */
import { repositoryLabel } from "./ci-context.js";
import { CliError, formatDelay, postJson, type HttpOptions } from "./http.js";
import type { Settings } from "./settings.js";

export interface CommandIo {
  http: HttpOptions;
  out: (line: string) => void;
  err: (line: string) => void;
}

const short = (revision: string): string => revision.slice(0, 8);
const where = (s: Settings): string => `for ${short(s.revision)} on ${repositoryLabel(s.repository)}`;
const endpoint = (s: Settings, path: string): string => `${s.server}${path}`;

export async function report(s: Settings, io: CommandIo): Promise<number> {
  const body: Record<string, string> = { name: s.name, repository: s.repository, revision: s.revision, status: s.status ?? "" };
  if (s.statusUrl !== undefined) body.status_url = s.statusUrl;
  await postJson(io.http, endpoint(s, "/api/build_status"), s.token, body);
  io.out(`reported ${s.name}=${s.status} ${where(s)}`);
  return 0;
}

/** Who holds the lock according to a lock/unlock answer; null when nobody does. */
export function holderOf(answer: unknown): string | null {
  if (answer === null || typeof answer !== "object") return null;
  const { build_locked_by: by, locked_by_revision: revision } = answer as Record<string, unknown>;
  const holder = typeof revision === "string" ? revision : typeof by === "string" ? by : null;
  return holder === "" ? null : holder;
}

const lockBody = (s: Settings) => ({ name: s.name, repository: s.repository, revision: s.revision });

async function lockOnce(s: Settings, io: CommandIo): Promise<string | null> {
  return holderOf(await postJson(io.http, endpoint(s, "/api/build/lock"), s.token, lockBody(s)));
}

/**
 * Takes the lock, or waits for it: one attempt per interval until this revision holds it or the
 * timeout has passed. The wait is counted in intervals slept, so a slow server lengthens it.
 */
export async function lock(s: Settings, io: CommandIo): Promise<number> {
  const intervalMs = s.intervalSeconds * 1000;
  const maxWaits = s.wait ? Math.floor((s.timeoutMinutes * 60_000) / intervalMs) : 0;
  const label = `${s.name} on ${repositoryLabel(s.repository)}`;
  for (let waits = 0; ; waits++) {
    const holder = await lockOnce(s, io);
    if (holder !== null && holder.toLowerCase() === s.revision) {
      io.out(`locked ${s.name} ${where(s)}`);
      return 0;
    }
    const heldBy = holder === null ? "nobody (yet)" : short(holder);
    if (waits >= maxWaits) {
      const why = s.wait ? `gave up after ${s.timeoutMinutes}m: ${label} is still locked by` : `${label} is locked by`;
      io.err(`signalbox: ${why} ${heldBy}`);
      return 1;
    }
    const waited = formatDelay(waits * intervalMs);
    io.out(`waiting: ${label} is locked by ${heldBy}; next try in ${formatDelay(intervalMs)} (waited ${waited} of ${s.timeoutMinutes}m)`);
    await io.http.sleep(intervalMs);
  }
}

/** Releases the lock. Not holding it is fine (nothing to release); still holding it after is not. */
export async function unlock(s: Settings, io: CommandIo): Promise<number> {
  const holder = holderOf(await postJson(io.http, endpoint(s, "/api/build/unlock"), s.token, lockBody(s)));
  if (holder !== null && holder.toLowerCase() === s.revision) {
    throw new CliError(`the server still reports ${s.name} locked by ${short(s.revision)} after unlock`, 1);
  }
  if (holder === null) io.out(`unlocked ${s.name} ${where(s)}`);
  else io.out(`${s.name} is held by ${short(holder)}, not ${short(s.revision)}; nothing to release`);
  return 0;
}
