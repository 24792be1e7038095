/**
 * The project-status webhook (joakimk/pipeline's): a form POST of `payload`, a JSON summary of the
 * project's newest revisions. Built from the store when sent, not when queued, so a delivery
 * always carries the state at send time and a retried one never carries a stale state.
 */
import type { ProjectStatusPayload } from "../core/board/effects.js";
import { displayRevisions } from "../core/board/index.js";
import type { BoardStore, Project, Revision } from "../store/board-store.js";

export const WEBHOOK_REVISIONS = 10;
export const WEBHOOK_TIMEOUT_MS = 10_000;

export type { ProjectStatusPayload };

/**
 * How builds are shown. joakimk sends what its board shows (mapped short names, pending, fixed),
 * so the default applies the board's display rules; `rawBuilds` sends stored statuses.
 * `revisions` is newest first; the answer has one build list per revision.
 */
export type PresentBuilds = (project: Project, revisions: Revision[], now: Date) => Array<Array<{ name: string; status: string }>>;

export function displayedBuilds(buildTimeoutMinutes: number): PresentBuilds {
  return (project, revisions, now) =>
    displayRevisions(revisions, project, { now, buildTimeoutMinutes }).map((r) => r.builds.map((b) => ({ name: b.name, status: b.status })));
}

export const rawBuilds: PresentBuilds = (_project, revisions) =>
  revisions.map((r) => r.builds.map((b) => ({ name: b.name, status: b.status })));

/** The webhook's payload; status_url is left out on purpose (it may point into a private CI). */
export function buildProjectStatusPayload(
  projectName: string,
  project: Project | undefined,
  revisions: Revision[],
  present: PresentBuilds,
  now: Date,
): ProjectStatusPayload {
  const builds = project ? present(project, revisions, now) : [];
  return {
    project_name: projectName,
    project_removed: project === undefined,
    latest_revisions: project
      ? revisions.map((r, i) => ({ hash: r.hash, short_name: r.hash.slice(0, 5), builds: builds[i] ?? [] }))
      : [],
  };
}

/** Reads the project's current state (a deleted project reads as removed). */
export async function readProjectStatus(
  board: BoardStore,
  target: { repository: string; projectName: string },
  present: PresentBuilds,
  now: Date,
): Promise<ProjectStatusPayload> {
  const project = await board.findProjectByRepository(target.repository);
  const revisions = project ? await board.latestRevisions(project.id, WEBHOOK_REVISIONS) : [];
  return buildProjectStatusPayload(project?.name ?? target.projectName, project, revisions, present, now);
}

export class WebhookError extends Error {}

/** POSTs the payload; throws a WebhookError saying why on a timeout, network error or non-2xx answer. */
export async function sendProjectWebhook(
  url: string,
  payload: ProjectStatusPayload,
  opts: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<void> {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "signalbox" },
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : String((error as Error).cause ?? error);
    throw new WebhookError(`webhook ${url}: ${reason}`);
  }
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new WebhookError(`webhook ${url}: answered ${response.status}`);
}
