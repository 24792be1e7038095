/**
 * The release figures of a board project whose repository is on GitHub where signalbox is
 * installed: its published release tags (in the train's tag scheme), when each was made, and how many commits each
 * carried. Read from GitHub (the truth for releases), cached a few minutes per project so the
 * office screen's refreshes cost nothing.
 */
import type { Release } from "../core/board/index.js";
import { parseGitHubRepository } from "../core/board-api/github-mirror.js";
import { tagSchemeFor } from "../core/versions/tag-scheme.js";
import type { Project } from "../store/board-store.js";
import type { RouteDeps } from "../intake/http/route-types.js";

const TTL_MS = 5 * 60_000;
/** The charts show the last few releases; each costs one compare call. */
const RELEASES_SHOWN = 10;

export function releaseStatsLoader(deps: Pick<RouteDeps, "app" | "trains" | "log" | "loadConfig">, hosts: string[]): (project: Project) => Promise<Release[]> {
  const cache = new Map<string, { at: number; releases: Release[] }>();
  return async (project) => {
    const hit = cache.get(project.repository);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.releases;
    const releases = await load(project, deps, hosts).catch((error: unknown) => {
      deps.log.warn({ err: error, project: project.name }, "could not read the project's releases from GitHub");
      return [];
    });
    cache.set(project.repository, { at: Date.now(), releases });
    return releases;
  };
}

async function load(project: Project, deps: Pick<RouteDeps, "app" | "trains" | "loadConfig">, hosts: string[]): Promise<Release[]> {
  const github = parseGitHubRepository(project.repository, hosts);
  if (!github) return [];
  const installationId = await deps.app.findInstallationId(github.owner, github.repo);
  if (installationId === null) return [];
  const repo = { owner: github.owner, repo: github.repo, installationId };
  const port = await deps.trains(installationId);
  const config = await deps.loadConfig(repo);
  const scheme = tagSchemeFor((config.errors.length === 0 ? config.config.train?.scheme : undefined) ?? "date");
  const [releases, tags] = await Promise.all([port.listReleases(repo), port.listTags(repo, scheme.prefixes.release)]);
  const published = releases.filter((r) => !r.draft && r.publishedAt && scheme.isReleaseTag(r.tagName)).sort((a, b) => scheme.compare(a.tagName, b.tagName));
  const out: Release[] = [];
  let previousSha: string | null = null;
  for (const [index, release] of published.entries()) {
    const sha = tags.find((tag) => tag.name === release.tagName)?.sha;
    if (!sha) continue;
    const shown = index >= published.length - RELEASES_SHOWN;
    const commits = shown && previousSha ? await port.commitsBetween(repo, previousSha, sha) : 0;
    if (shown) out.push({ tag: release.tagName, sha, createdAt: new Date(release.publishedAt!), commits });
    previousSha = sha;
  }
  return out;
}
