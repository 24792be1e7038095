/** Reads what a dashboard page shows from the board store and applies the display rules. */
import { averageBuildTimes, displayRevisions, releasePoints, type Release } from "../core/board/index.js";
import type { BoardStore, Project } from "../store/board-store.js";
import type { ProjectView } from "./render-board.js";
import { renderStats } from "./render-charts.js";

export const INDEX_REVISIONS = 2;
export const PROJECT_REVISIONS = 15;
export const MAX_REVISIONS = 50;
/** How many revisions the project page's build-time chart averages over. */
const STATS_REVISIONS = 100;

export interface ViewContext {
  board: BoardStore;
  now: Date;
  buildTimeoutMinutes: number;
}

export async function loadProjectView(ctx: ViewContext, project: Project, limit: number): Promise<ProjectView> {
  const revisions = await ctx.board.latestRevisions(project.id, limit);
  return { project, revisions: displayRevisions(revisions, project, { now: ctx.now, buildTimeoutMinutes: ctx.buildTimeoutMinutes }) };
}

/** Every project, in board order, with its newest `limit` revisions. */
export async function loadIndexViews(ctx: ViewContext, limit: number): Promise<ProjectView[]> {
  const [projects, revisions] = await Promise.all([ctx.board.listProjects(), ctx.board.latestRevisionsOfAll(limit)]);
  const rules = { now: ctx.now, buildTimeoutMinutes: ctx.buildTimeoutMinutes };
  return projects.map((project) => ({ project, revisions: displayRevisions(revisions.get(project.id) ?? [], project, rules) }));
}

/** The project page's charts: build times from the store, release figures from `releases`. */
export async function loadStats(ctx: ViewContext, project: Project, releases: readonly Release[]): Promise<string> {
  const revisions = await ctx.board.latestRevisions(project.id, STATS_REVISIONS);
  return renderStats(averageBuildTimes(revisions, project.mappings), releasePoints(releases, revisions));
}

/** `?revisions=` clamped to 1..MAX_REVISIONS, else the page's default. */
export function revisionsParam(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) ? Math.min(MAX_REVISIONS, Math.max(1, n)) : fallback;
}
