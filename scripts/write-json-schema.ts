/** Writes schemas/signalbox.schema.json from the zod schema. Run: `npm run schema`. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderJsonSchema } from "../src/config/json-schema.js";

const target = fileURLToPath(new URL("../schemas/signalbox.schema.json", import.meta.url));
writeFileSync(target, renderJsonSchema());
console.log(`wrote ${target}`);
