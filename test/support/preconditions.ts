/**
 * Tests that need something outside the project (a PostgreSQL server, a Chromium) never pass
 * without it: they are reported skipped, with the reason in their title, or under CI=true they
 * fail, because CI is where the precondition must hold.
 */
import { existsSync } from "node:fs";
import pg from "pg";

/** The server these machines run; TEST_DATABASE_URL points elsewhere. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const underCi = /^(true|1)$/i.test(process.env.CI ?? "");

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresProblem(url = POSTGRES_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return `no PostgreSQL answers at ${url} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why Chromium cannot be used, or undefined when its binary is there. */
export function chromiumProblem(path = CHROMIUM_PATH): string | undefined {
  return existsSync(path) ? undefined : `no Chromium at ${path} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

/** `describe`, when its precondition holds; otherwise a reported skip, or a failure under CI. */
export function describeNeeding(problem: string | undefined, title: string, body: () => void): void {
  if (!problem) return describe(title, body);
  if (underCi) {
    describe(title, () => it("has what it needs", () => {
      throw new Error(`${problem}; CI=true, so this fails rather than skips`);
    }));
    return;
  }
  console.warn(`skipped "${title}": ${problem}`);
  describe.skip(`${title} [skipped: ${problem}]`, body);
}
