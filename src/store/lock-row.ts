/**
 * Named locks as rows with an expiry, for SQLite (which has no advisory locks). Used only through
 * dialect.ts. The expiry makes a lock left by a crashed process free itself; a live holder keeps
 * pushing its expiry forward while fn runs, so a long fn does not lose its lock.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

const TTL_MS = 30_000;
const HEARTBEAT_MS = TTL_MS / 3;
const MAX_POLL_MS = 250;

export async function withLockRow<T>(
  db: Kysely<Database>,
  name: string,
  fn: () => Promise<T>,
  wait: boolean,
): Promise<T | undefined> {
  const holder = randomUUID();
  if (!(await acquire(db, name, holder, wait))) return undefined;
  const heartbeat = setInterval(() => void extend(db, name, holder).catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await db.deleteFrom("locks").where("name", "=", name).where("holder", "=", holder).execute();
  }
}

async function acquire(db: Kysely<Database>, name: string, holder: string, wait: boolean): Promise<boolean> {
  // Polling with a growing delay: SQLite cannot notify a waiter when a row is deleted.
  for (let delay = 10; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
    if (await tryAcquire(db, name, holder)) return true;
    if (!wait) return false;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Inserts the lock row, or takes it over when its holder let it expire; atomic in one statement. */
async function tryAcquire(db: Kysely<Database>, name: string, holder: string): Promise<boolean> {
  const now = Date.now();
  const row = await db
    .insertInto("locks")
    .values({ name, holder, expires_at: now + TTL_MS })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet((eb) => ({ holder: eb.ref("excluded.holder"), expires_at: eb.ref("excluded.expires_at") }))
        .where("locks.expires_at", "<", now),
    )
    .returning("holder")
    .executeTakeFirst();
  return row?.holder === holder;
}

async function extend(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  await db
    .updateTable("locks")
    .set({ expires_at: Date.now() + TTL_MS })
    .where("name", "=", name)
    .where("holder", "=", holder)
    .execute();
}
