/**
 * The board's display rules, applied to a project's newest revisions (newest first), as
 * joakimk/pipeline's BuildPresenter applies them:
 * 1. a mapped build missing on a revision is shown as pending;
 * 2. a build still `building` after the timeout (since its last status change) is shown as pending;
 * 3. a failed build is shown as fixed when a newer revision has a successful build of that name;
 * 4. mapped builds come first, in mapping order, then the rest in the order they were reported;
 * 5. names are mapped to short names, and builds sharing a short name merge into one box.
 */
import type { Build, Project, Revision } from "./types.js";
import { parseBuildMappings, shortNameOf, type BuildMapping } from "./build-mappings.js";
import { mergeStatuses, type DisplayStatus } from "./merge-statuses.js";

export interface DisplayBuild {
  /** The short name (after mappings). */
  name: string;
  status: DisplayStatus;
  /** The deciding build's status URL, unchecked: renderers decide what may become a link. */
  statusUrl: string | null;
}

export interface DisplayRevision {
  hash: string;
  /** The first 5 characters of the hash. */
  shortHash: string;
  createdAt: Date;
  builds: DisplayBuild[];
}

export interface DisplayOptions {
  now: Date;
  buildTimeoutMinutes: number;
}

export const SHORT_HASH_LENGTH = 5;

/** `revisions` must be newest first and contain every revision newer than the ones shown. */
export function displayRevisions(revisions: readonly Revision[], project: Pick<Project, "mappings">, opts: DisplayOptions): DisplayRevision[] {
  const mappings = parseBuildMappings(project.mappings);
  return revisions.map((revision, index) => ({
    hash: revision.hash,
    shortHash: revision.hash.slice(0, SHORT_HASH_LENGTH),
    createdAt: revision.createdAt,
    builds: displayBuilds(revision, revisions.slice(0, index), mappings, opts),
  }));
}

interface Row {
  name: string;
  status: DisplayStatus;
  statusUrl: string | null;
}

export function displayBuilds(revision: Revision, newer: readonly Revision[], mappings: readonly BuildMapping[], opts: DisplayOptions): DisplayBuild[] {
  const timeoutMs = opts.buildTimeoutMinutes * 60_000;
  const rows: Row[] = revision.builds.map((build) => ({
    name: build.name,
    status: statusOf(build, newer, opts.now.getTime() - timeoutMs),
    statusUrl: build.statusUrl,
  }));
  const reported = new Set(rows.map((row) => row.name));
  for (const mapping of mappings) {
    if (!reported.has(mapping.from)) {
      rows.push({ name: mapping.from, status: "pending", statusUrl: null });
      reported.add(mapping.from);
    }
  }
  return mergeByShortName(orderByMappings(rows, mappings), mappings);
}

function statusOf(build: Build, newer: readonly Revision[], timedOutBefore: number): DisplayStatus {
  if (build.status === "building") return build.updatedAt.getTime() < timedOutBefore ? "pending" : "building";
  if (build.status === "failed" && fixedByNewer(build.name, newer)) return "fixed";
  return build.status;
}

function fixedByNewer(name: string, newer: readonly Revision[]): boolean {
  return newer.some((revision) => revision.builds.some((b) => b.name === name && b.status === "successful"));
}

function orderByMappings(rows: readonly Row[], mappings: readonly BuildMapping[]): Row[] {
  const mapped = mappings.map((mapping) => rows.find((row) => row.name === mapping.from)).filter((row): row is Row => row !== undefined);
  return [...new Set([...mapped, ...rows])];
}

function mergeByShortName(rows: readonly Row[], mappings: readonly BuildMapping[]): DisplayBuild[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const name = shortNameOf(row.name, mappings);
    groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  return [...groups].map(([name, group]) => {
    const status = mergeStatuses(group.map((row) => row.status));
    // Link the build that decided the colour: a red box opens the failing build's log.
    const deciding = group.find((row) => row.status === status && row.statusUrl !== null) ?? group.find((row) => row.statusUrl !== null);
    return { name, status, statusUrl: deciding?.statusUrl ?? null };
  });
}
