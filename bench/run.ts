/**
 * `npm run bench`: runs every bench/*.bench.ts (its default export), one after another so they
 * do not disturb each other's timings. Pass names to run only some: `npm run bench -- scheduler`.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: () => unknown };
  if (typeof mod.default !== "function") throw new Error(`${file} has no default export to run`);
  console.log(`\n## ${file}\n`);
  await mod.default();
}
