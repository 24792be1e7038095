/**
 * Which board projects a public dashboard (no WEB_PASSWORD) may show: a project backed by a
 * private GitHub repository is hidden, with everything read from that repository (release stats).
 * A GitHub repository whose visibility cannot be read (the app is not installed there, GitHub
 * failed) counts as private: a public page fails closed. Repositories elsewhere (GitLab, a plain
 * git host) are shown, since signalbox knows nothing of them but what the CI reported.
 */
import { parseGitHubRepository } from "../core/board-api/github-mirror.js";
import type { AppPort } from "../effects/github-port.js";
import type { Project } from "../store/board-store.js";

export type ProjectVisibility = "public" | "private" | "unknown" | "not-github";

/** Pure: whether the dashboard shows a project of this visibility. */
export function decideProjectShown(visibility: ProjectVisibility, dashboardIsPublic: boolean): boolean {
  return !dashboardIsPublic || visibility === "public" || visibility === "not-github";
}

/** Visibility changes rarely; a few minutes of cache keep the office screen's refreshes free. */
const TTL_MS = 5 * 60_000;

export function projectVisibilityLoader(app: AppPort, hosts: readonly string[], log: { warn(obj: object, msg: string): void }): (project: Project) => Promise<ProjectVisibility> {
  const cache = new Map<string, { at: number; visibility: ProjectVisibility }>();
  return async (project) => {
    const github = parseGitHubRepository(project.repository, hosts);
    if (!github) return "not-github";
    const key = `${github.owner}/${github.repo}`.toLowerCase();
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.visibility;
    const visibility: ProjectVisibility = await (app.repositoryVisibility?.(github.owner, github.repo) ?? Promise.resolve(null)).then(
      (seen) => seen ?? "unknown",
      (error: unknown) => {
        log.warn({ err: error, project: project.name }, "could not read the project's repository visibility from GitHub; hiding it from the public dashboard");
        return "unknown" as const;
      },
    );
    cache.set(key, { at: Date.now(), visibility });
    return visibility;
  };
}
