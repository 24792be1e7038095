/**
 * The board's HTML: one section per project, one row per revision, one box per build.
 * Pure; every dynamic string goes through escapeHtml.
 */
import type { DisplayBuild, DisplayRevision } from "../core/board/index.js";
import type { Project } from "../store/board-store.js";
import { escapeHtml, formatAge, projectPath, safeHttpUrl } from "./render-html.js";

export interface ProjectView {
  project: Project;
  revisions: DisplayRevision[];
}

export function renderBoard(views: readonly ProjectView[], now: Date): string {
  if (views.length === 0) return `<p class="empty">No builds reported yet. CI servers report with <code>POST /api/build_status</code>.</p>`;
  return views.map((view) => renderProjectSection(view, now)).join("\n");
}

export function renderProjectSection({ project, revisions }: ProjectView, now: Date): string {
  const rows = revisions.length === 0 ? `<p class="empty">No revisions.</p>` : revisions.map((r) => renderRevisionRow(r, project, now)).join("");
  return `<section class="project" data-project="${escapeHtml(project.name)}">`
    + `<h2><a href="${escapeHtml(projectPath(project.name))}">${escapeHtml(project.name)}</a></h2>`
    + `<div class="revisions">${rows}</div></section>`;
}

export function renderRevisionRow(revision: DisplayRevision, project: Project, now: Date): string {
  const commit = githubCommitUrl(project.repository, revision.hash);
  const hash = commit
    ? `<a class="hash" href="${escapeHtml(commit)}" title="${escapeHtml(revision.hash)}">${escapeHtml(revision.shortHash)}</a>`
    : `<span class="hash" title="${escapeHtml(revision.hash)}">${escapeHtml(revision.shortHash)}</span>`;
  const age = `<time class="age" datetime="${escapeHtml(revision.createdAt.toISOString())}">${escapeHtml(formatAge(revision.createdAt, now))}</time>`;
  return `<div class="revision" data-hash="${escapeHtml(revision.hash)}">${hash}${age}<span class="builds">${revision.builds.map(renderBox).join("")}</span></div>`;
}

export function renderBox(build: DisplayBuild): string {
  const attrs = `class="build ${escapeHtml(build.status)}" data-status="${escapeHtml(build.status)}" title="${escapeHtml(`${build.name}: ${build.status}`)}"`;
  const href = safeHttpUrl(build.statusUrl);
  return href
    ? `<a ${attrs} href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(build.name)}</a>`
    : `<span ${attrs}>${escapeHtml(build.name)}</span>`;
}

/** The commit's page when the repository string names a github.com repository. */
export function githubCommitUrl(repository: string, hash: string): string | undefined {
  const match = /github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(repository);
  if (!match || !/^[0-9a-f]{40}$/i.test(hash)) return undefined;
  return `https://github.com/${match[1]}/${match[2]}/commit/${hash}`;
}
