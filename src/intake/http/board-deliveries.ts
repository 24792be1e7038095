/**
 * What an accepted build or a deleted project owes the outside world, queued in the board outbox
 * before the API answers (so it survives a crash) and sent by BoardOutboxWorker after it.
 */
import { commitStateFor, parseGitHubRepository } from "../../core/board-api/github-mirror.js";
import type { CommitStatusTarget, WebhookTarget } from "../../effects/board-outbox-worker.js";
import type { BuildReport, Project } from "../../store/board-store.js";
import type { RouteDeps } from "./route-types.js";

export interface BoardDeliveries {
  project: Project;
  /** The accepted build; absent when the project was deleted. */
  report?: BuildReport;
  hosts: readonly string[];
}

export async function queueBoardDeliveries(deps: Pick<RouteDeps, "store" | "settings" | "now">, what: BoardDeliveries): Promise<void> {
  const { outbox, now } = { outbox: deps.store.boardOutbox, now: deps.now() };
  if (deps.settings.webhookUrl !== undefined) {
    // One row per project: the newest state replaces any unsent one (it is read again when sent).
    const target: WebhookTarget = { repository: what.project.repository, projectName: what.project.name };
    await outbox.put("project-webhook", `webhook:${what.project.repository}`, target, now);
  }
  const report = what.report;
  const repo = report ? parseGitHubRepository(report.repository, what.hosts) : undefined;
  if (report && repo) {
    const target: CommitStatusTarget = {
      ...repo,
      status: {
        sha: report.revision,
        context: report.name,
        state: commitStateFor(report.status),
        targetUrl: report.statusUrl,
        description: `${report.name}: ${report.status}`,
      },
    };
    // One row per commit and context: a later status of the same build supersedes an unsent one.
    await outbox.put("commit-status", `status:${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}@${report.revision}#${report.name}`, target, now);
  }
}
