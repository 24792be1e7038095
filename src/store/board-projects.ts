/**
 * The board's projects, revisions and builds on either engine. No multi-statement transactions:
 * each step is an idempotent upsert, so a report interrupted half-way is completed by the CI's
 * next report, and SQLite never holds its write lock across an await (see dialect.ts).
 */
import { sql, type Kysely, type Selectable } from "kysely";
import type { Dialect } from "./dialect.js";
import type { BoardProjectsTable, Database } from "./schema.js";
import type { BoardStore, Build, BuildReport, BuildStatus, Project, Revision } from "./board-store.js";
import { createBoardLocks } from "./board-locks.js";

/** The project's name: the repository's last path segment without `.git` ("git@host:org/foo.git" → "foo"). */
export function projectNameOf(repository: string): string {
  const segments = repository.trim().split(/[/:\\]/).filter((s) => s !== "");
  const last = segments.at(-1) ?? repository;
  return last.replace(/\.git$/i, "") || last;
}

/** Revision ids per `in (...)` query: well under SQLite's and PostgreSQL's bound-parameter limits. */
const ID_BATCH = 1000;

export function createBoardStore(db: Kysely<Database>, dialect: Dialect): BoardStore {
  const toProject = (row: Selectable<BoardProjectsTable>): Project => ({
    id: row.id,
    name: row.name,
    repository: row.repository,
    position: row.position,
    mappings: (dialect.fromDbJson(row.mappings) as string[] | null) ?? [],
  });
  const projects = db.selectFrom("board_projects").selectAll();

  const upsertProject = async (repository: string, now: Date): Promise<Project> => {
    const row = await db
      .insertInto("board_projects")
      .values({ name: projectNameOf(repository), repository, position: 0, mappings: "[]", created_at: dialect.toDbTime(now) })
      // A no-op update rather than DO NOTHING so RETURNING answers for an existing project too.
      .onConflict((oc) => oc.column("repository").doUpdateSet({ repository: (eb) => eb.ref("excluded.repository") }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toProject(row);
  };

  const upsertRevision = (projectId: number, hash: string, now: Date) =>
    db
      .insertInto("board_revisions")
      .values({ project_id: projectId, hash, created_at: dialect.toDbTime(now) })
      .onConflict((oc) => oc.columns(["project_id", "hash"]).doUpdateSet({ hash: (eb) => eb.ref("excluded.hash") }))
      .returningAll()
      .executeTakeFirstOrThrow();

  const upsertBuild = (revisionId: number, report: BuildReport, now: Date) => {
    const at = dialect.toDbTime(now);
    return db
      .insertInto("board_builds")
      .values({ revision_id: revisionId, name: report.name, status: report.status, status_url: report.statusUrl, created_at: at, updated_at: at })
      .onConflict((oc) =>
        oc.columns(["revision_id", "name"]).doUpdateSet({
          status: (eb) => eb.ref("excluded.status"),
          status_url: (eb) => eb.ref("excluded.status_url"),
          // updated_at is when the status last changed: a repeated "building" must not restart
          // the timeout that turns a forgotten build pending.
          updated_at: sql`case when board_builds.status = excluded.status then board_builds.updated_at else excluded.updated_at end`,
        }),
      )
      .execute();
  };

  const buildsOf = async (revisionIds: number[]): Promise<Map<number, Build[]>> => {
    const byRevision = new Map<number, Build[]>(revisionIds.map((id) => [id, []]));
    if (revisionIds.length === 0) return byRevision;
    const rows = await db.selectFrom("board_builds").selectAll().where("revision_id", "in", revisionIds).orderBy("id").execute();
    for (const row of rows) {
      byRevision.get(row.revision_id)?.push({
        name: row.name,
        status: row.status as BuildStatus,
        statusUrl: row.status_url,
        createdAt: dialect.fromDbTime(row.created_at),
        updatedAt: dialect.fromDbTime(row.updated_at),
      });
    }
    return byRevision;
  };

  const latestRevisions = async (projectId: number, limit: number): Promise<Revision[]> => {
    const rows = await db
      .selectFrom("board_revisions")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    const builds = await buildsOf(rows.map((r) => r.id));
    return rows.map((r) => ({ hash: r.hash, createdAt: dialect.fromDbTime(r.created_at), builds: builds.get(r.id) ?? [] }));
  };

  /** Every project's newest `limit` revisions in two queries, not two per project (the index page). */
  const latestRevisionsOfAll = async (limit: number): Promise<Map<number, Revision[]>> => {
    const ranked = db
      .selectFrom("board_revisions")
      .selectAll()
      .select(sql<number>`row_number() over (partition by project_id order by id desc)`.as("rank"))
      .as("ranked");
    const rows = await db.selectFrom(ranked).selectAll().where("rank", "<=", limit).orderBy("project_id").orderBy("id", "desc").execute();
    const builds = new Map<number, Build[]>();
    for (let i = 0; i < rows.length; i += ID_BATCH) {
      for (const [id, list] of await buildsOf(rows.slice(i, i + ID_BATCH).map((r) => r.id))) builds.set(id, list);
    }
    const byProject = new Map<number, Revision[]>();
    for (const r of rows) {
      const list = byProject.get(r.project_id) ?? [];
      list.push({ hash: r.hash, createdAt: dialect.fromDbTime(r.created_at), builds: builds.get(r.id) ?? [] });
      byProject.set(r.project_id, list);
    }
    return byProject;
  };

  const removeProject = async (name: string): Promise<Project | undefined> => {
    const row = await db
      .deleteFrom("board_projects")
      .where("id", "=", (eb) => eb.selectFrom("board_projects").select("id").where("name", "=", name).orderBy("id").limit(1))
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : toProject(row);
  };

  return {
    async reportBuild(report, now) {
      const project = await upsertProject(report.repository, now);
      const revision = await upsertRevision(project.id, report.revision, now);
      await upsertBuild(revision.id, report, now);
      const builds = await buildsOf([revision.id]);
      return { project, revision: { hash: revision.hash, createdAt: dialect.fromDbTime(revision.created_at), builds: builds.get(revision.id) ?? [] } };
    },
    listProjects: async () => (await projects.orderBy("position").orderBy("name").orderBy("id").execute()).map(toProject),
    findProject: async (name) => {
      const row = await projects.where("name", "=", name).orderBy("id").limit(1).executeTakeFirst();
      return row === undefined ? undefined : toProject(row);
    },
    findProjectByRepository: async (repository) => {
      const row = await projects.where("repository", "=", repository).executeTakeFirst();
      return row === undefined ? undefined : toProject(row);
    },
    latestRevisions,
    latestRevisionsOfAll,
    removeProject,
    deleteProject: async (name) => (await removeProject(name)) !== undefined,
    async pruneRevisions(projectId, keep) {
      // Everything at or below the id of the (keep+1)-th newest revision goes; builds cascade.
      const cutoff = db
        .selectFrom("board_revisions")
        .select("id")
        .where("project_id", "=", projectId)
        .orderBy("id", "desc")
        .limit(1)
        .offset(Math.max(keep, 0));
      const result = await db.deleteFrom("board_revisions").where("project_id", "=", projectId).where("id", "<=", cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async setMappings(projectId, mappings, position) {
      await db
        .updateTable("board_projects")
        .set({ mappings: dialect.toDbJson(mappings), ...(position === undefined ? {} : { position }) })
        .where("id", "=", projectId)
        .execute();
    },
    ...createBoardLocks(db, dialect),
  };
}
