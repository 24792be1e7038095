/**
 * The board's storage: projects, their revisions, and the builds external CI servers report
 * (the joakimk/pipeline model), plus build locks. Implemented on both engines with Kysely.
 */

import type { BuildReport, LockRequest, Project, Revision } from "../core/board/types.js";

export type { Build, BuildReport, BuildStatus, LockRequest, Project, Revision } from "../core/board/types.js";

export interface LockAnswer {
  /** The revision holding the lock after the call (null when nobody holds it). */
  lockedByRevision: string | null;
  /** True when the caller's revision holds the lock. */
  held: boolean;
}

export interface BoardStore {
  /** Finds or creates the project and records the build (same name on the same revision updates it). */
  reportBuild(report: BuildReport, now: Date): Promise<{ project: Project; revision: Revision }>;
  /** Projects ordered by position, then name. */
  listProjects(): Promise<Project[]>;
  /** The oldest project with that name (names need not be unique: org-a/foo and org-b/foo). */
  findProject(name: string): Promise<Project | undefined>;
  findProjectByRepository(repository: string): Promise<Project | undefined>;
  /** Newest first. */
  latestRevisions(projectId: number, limit: number): Promise<Revision[]>;
  /** Every project's newest `limit` revisions (newest first), by project id, in a fixed number of queries. */
  latestRevisionsOfAll(limit: number): Promise<Map<number, Revision[]>>;
  /** Removes the project and its builds; false when no project has that name. */
  deleteProject(name: string): Promise<boolean>;
  /** Like deleteProject, answering the removed project (its repository keys the webhook). */
  removeProject(name: string): Promise<Project | undefined>;
  /** Keeps the newest `keep` revisions of the project; returns how many were removed. */
  pruneRevisions(projectId: number, keep: number): Promise<number>;
  setMappings(projectId: number, mappings: string[], position?: number): Promise<void>;
  /** Takes or renews the lock for `revision` unless another unexpired holder has it. */
  lock(request: LockRequest, now: Date, ttlMs: number): Promise<LockAnswer>;
  /** Releases the lock only if `revision` holds it. */
  unlock(request: LockRequest, now: Date): Promise<LockAnswer>;
}

/**
 * Tells dashboards a project changed, so they refresh live. Within one process an emitter;
 * with several replicas on PostgreSQL, LISTEN/NOTIFY carries it to the others.
 */
export interface BoardFeed {
  publish(change: BoardChange): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (change: BoardChange) => void): () => void;
}

export interface BoardChange {
  projectName: string;
  removed: boolean;
}
