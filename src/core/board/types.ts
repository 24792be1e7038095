/**
 * The board's model (the joakimk/pipeline one): projects, their revisions, the builds external CI
 * servers report, and lock requests. Plain data, shared by the core's display rules and the store.
 */

export type BuildStatus = "building" | "successful" | "failed";

export interface Build {
  name: string;
  status: BuildStatus;
  statusUrl: string | null;
  /** When the build was first reported on this revision. */
  createdAt: Date;
  /** When its status last changed. */
  updatedAt: Date;
}

export interface Revision {
  hash: string;
  /** When signalbox first saw the revision (its row order on the board). */
  createdAt: Date;
  builds: Build[];
}

export interface Project {
  id: number;
  /** The last path segment of the repository string, without `.git`. */
  name: string;
  /** The repository string exactly as CI reported it. */
  repository: string;
  /** Sort key on the dashboard (then name). */
  position: number;
  /** `from=to` lines renaming builds to short names, in display order. */
  mappings: string[];
}

export interface BuildReport {
  repository: string;
  revision: string;
  name: string;
  status: BuildStatus;
  statusUrl: string | null;
}

export interface LockRequest {
  repository: string;
  name: string;
  revision: string;
}
