/**
 * Secrets signalbox generates once and keeps in the store, so every replica (and every restart)
 * uses the same one: the first writer wins, everyone reads what it wrote.
 */
import type { Kysely } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

export interface AppSecretStore {
  /** The stored secret `name`; when there is none yet, stores `generate()`'s (unless another process won the race). */
  getOrCreate(name: string, generate: () => string, now: Date): Promise<string>;
}

export function createAppSecretStore(db: Kysely<Database>, dialect: Dialect): AppSecretStore {
  const read = async (name: string) => (await db.selectFrom("app_secrets").select("value").where("name", "=", name).executeTakeFirst())?.value;
  return {
    async getOrCreate(name, generate, now) {
      const existing = await read(name);
      if (existing !== undefined) return existing;
      await db
        .insertInto("app_secrets")
        .values({ name, value: generate(), created_at: dialect.toDbTime(now) })
        .onConflict((oc) => oc.column("name").doNothing())
        .execute();
      const stored = await read(name);
      if (stored === undefined) throw new Error(`store: the secret ${name} could not be stored`);
      return stored;
    },
  };
}
