/**
 * The event journal, the effect log and SQLite's lock rows. Forward only: later changes get a new
 * numbered file; this one never changes once released.
 */
import { sql, type Kysely, type Migration, type SqlBool } from "kysely";
import type { Dialect } from "../dialect.js";

/** Open entries, the only ones the claim query looks at; finished ones accumulate beside them. */
const OPEN_STATES = sql<SqlBool>`state in ('pending', 'in_flight')`;

export function journalAndEffects(dialect: Dialect): Migration {
  const { time, json } = dialect.columnTypes;
  return {
    async up(db: Kysely<unknown>) {
      // 1. journal: `seq` is the arrival order (an identity column needs to be the key on SQLite)
      await db.schema
        .createTable("journal")
        
        .addColumn("seq", dialect.engine === "postgres" ? "bigserial" : "integer", (c) =>
          dialect.engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("id", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("repo_key", "text", (c) => c.notNull())
        .addColumn("installation_id", "bigint")
        .addColumn("payload", json, (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull().defaultTo("pending"))
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("received_at", time, (c) => c.notNull())
        .addColumn("available_at", time, (c) => c.notNull())
        .addColumn("claimed_by", "text")
        .addColumn("lease_until", time)
        .addColumn("last_error", "text")
        .addColumn("detail", "text")
        .addColumn("finished_at", time)
        .execute();
      // 2. what the claim filters on: open entries in order, and open entries of one repository
      await db.schema.createIndex("journal_open_by_seq").on("journal").column("seq").where(OPEN_STATES).execute();
      await db.schema
        .createIndex("journal_open_by_repo")
        
        .on("journal")
        .columns(["repo_key", "seq"])
        .where(OPEN_STATES)
        .execute();
      // 3. effects and locks
      await db.schema
        .createTable("effects")
        
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("result", json, (c) => c.notNull())
        .addColumn("applied_at", time, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("locks")
        
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("expires_at", time, (c) => c.notNull())
        .execute();
    },
  };
}
