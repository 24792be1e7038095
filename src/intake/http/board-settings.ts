/**
 * Keeps board projects in step with their GitHub repository's config: `board.mappings` rename
 * builds (on the dashboard and in the project webhook), `board.position` orders the projects.
 * Applied when a build is reported (a new project, or a config read since) and whenever a valid
 * config is read from the default branch (a push changed it).
 */
import type { ConfigResult } from "../../config/parse-config.js";
import { parseGitHubRepository, type GitHubRepo } from "../../core/board-api/github-mirror.js";
import { boardSettingsOf, decideBoardSettings } from "../../core/board/index.js";
import type { Project } from "../../store/board-store.js";
import type { Store } from "../../store/store.js";

type BoardStores = Pick<Store, "board" | "boardFeed">;

/** Writes the config's settings on the project when they differ; true when it changed. */
export async function applyBoardSettings(store: BoardStores, project: Project, config: ConfigResult): Promise<boolean> {
  const change = decideBoardSettings(project, boardSettingsOf(config));
  if (change === null) return false;
  await store.board.setMappings(project.id, change.mappings, change.position);
  return true;
}

/** Applies a repository's config to every project whose repository string names it, and tells dashboards. */
export async function applyBoardSettingsToRepo(store: BoardStores, repo: GitHubRepo, config: ConfigResult, hosts: readonly string[]): Promise<void> {
  const same = (p: Project) => {
    const named = parseGitHubRepository(p.repository, hosts);
    return named !== undefined && `${named.owner}/${named.repo}`.toLowerCase() === `${repo.owner}/${repo.repo}`.toLowerCase();
  };
  for (const project of (await store.board.listProjects()).filter(same)) {
    if (await applyBoardSettings(store, project, config)) await store.boardFeed.publish({ projectName: project.name, removed: false });
  }
}
