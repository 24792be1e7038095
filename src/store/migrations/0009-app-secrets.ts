/** Secrets signalbox generates for itself (the dashboard's session secret), shared by every replica. */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function appSecrets(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("app_secrets")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("created_at", dialect.columnTypes.time, (c) => c.notNull())
        .execute();
    },
  };
}
