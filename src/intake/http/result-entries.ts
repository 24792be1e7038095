/**
 * Results stored by an HTTP call (the results API, the board's build status) still have gate
 * check runs and the train to tell. That is GitHub work, so it is journaled for the worker,
 * which does it in order with the repository's webhooks.
 */
import { buildResultOf } from "../../core/board-api/board-result.js";
import { repoKey, type RepoRef } from "../../core/types.js";
import { recordEvent } from "../journal-event.js";
import type { BuildReport } from "../../store/board-store.js";
import type { RouteDeps } from "./route-types.js";
import { loggableError } from "./redact.js";

/** Journals the re-evaluation of `result`'s gates in the repository where the app is installed. */
export async function journalResultEntry(deps: Pick<RouteDeps, "store" | "now" | "wakeWorker">, ref: RepoRef, result: { id: number; testcase: string; item: string }): Promise<void> {
  const event = { kind: "resultPosted" as const, testcase: result.testcase, item: result.item };
  await recordEvent(deps.store.journal, { id: `result:${repoKey(ref)}:${result.id}`, repo: ref, event, receivedAt: deps.now() });
  deps.wakeWorker();
}

type InstallationOf = (owner: string, repo: string) => Promise<number | null>;

/**
 * 1. store the build as a `board` result; 2. where the app is installed on its owner/name,
 * journal the gates' re-evaluation. GitHub failing costs only step 2, logged: the CI's call
 * still succeeds, and the result is in the store for the next decision.
 */
export async function recordBoardResult(deps: Pick<RouteDeps, "store" | "now" | "wakeWorker" | "log">, report: BuildReport, installationOf: InstallationOf): Promise<void> {
  const built = buildResultOf(report);
  if (!built) return;
  const stored = await deps.store.results.record(built.repo, built.result, deps.now());
  try {
    const installationId = await installationOf(built.repo.owner, built.repo.repo);
    if (installationId !== null) await journalResultEntry(deps, { ...built.repo, installationId }, stored);
  } catch (error) {
    deps.log.warn({ err: loggableError(error), repository: stored.repository, testcase: stored.testcase }, "board API: could not re-evaluate the gates of a build");
  }
}
