/** Whether a repository still has journal entries waiting or in flight (the reconcile waits for them). */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export async function hasOpenEntries(db: Kysely<Database>, repoKey: string): Promise<boolean> {
  const row = await db.selectFrom("journal").select("id").where("repo_key", "=", repoKey).where("state", "in", ["pending", "in_flight"]).limit(1).executeTakeFirst();
  return row !== undefined;
}
