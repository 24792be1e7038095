/**
 * Kysely's SQLite driver prepares every query it runs, and better-sqlite3 does not cache
 * statements: preparing was a tenth of the journal insert's time. This wraps the database so a
 * query seen before reuses its prepared statement. Statements are bound per call, so one is safe
 * to reuse unless it is still iterating a streamed result; such a statement is busy, and a fresh
 * one is prepared instead.
 */
import type SqliteDatabase from "better-sqlite3";
import type { SqliteDatabase as KyselySqliteDatabase } from "kysely";

/** Distinct query texts kept; Kysely's batch inserts vary with their row count, the rest are few. */
const MAX_STATEMENTS = 500;

export function cachingStatements(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => void database.close(),
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (cached) return statement; // the cached one is mid-iteration; keep it for later calls
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
      statements.set(sql, statement);
      return statement;
    },
  };
}
