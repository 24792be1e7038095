/**
 * Effects applied, by idempotency key, so a retried effect is found and not applied twice.
 * First write wins: a second record under the same key (two workers racing) keeps the first.
 */
import type { Kysely } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";
import type { EffectLog } from "./store.js";

export function createEffectLog(db: Kysely<Database>, dialect: Dialect): EffectLog {
  return {
    async find(key: string) {
      const row = await db.selectFrom("effects").select("result").where("key", "=", key).executeTakeFirst();
      return row === undefined ? undefined : { result: dialect.fromDbJson(row.result) };
    },

    async record(key: string, kind: string, result: unknown, now: Date) {
      await db
        .insertInto("effects")
        .values({ key, kind, result: dialect.toDbJson(result), applied_at: dialect.toDbTime(now) })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
    },
  };
}
