/** A pino logger that keeps every line it writes, so a test can count what was logged and for whom. */
import { pino, type Logger } from "pino";

export interface CapturedLogs {
  logger: Logger;
  /** Each line as written (JSON text). */
  lines: string[];
  /** The lines that name `id` anywhere (as a whole JSON string value), by id. */
  linesNaming(pattern: RegExp): Map<string, string[]>;
}

export function captureLogs(level = "info"): CapturedLogs {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    lines,
    linesNaming(pattern) {
      const byId = new Map<string, string[]>();
      for (const line of lines) {
        // One line naming an id twice (message and field) still counts once for it.
        const ids = new Set([...line.matchAll(new RegExp(`"(${pattern.source})"`, "g"))].map((m) => m[1]!));
        for (const id of ids) byId.set(id, [...(byId.get(id) ?? []), line]);
      }
      return byId;
    },
  };
}

/** pino's numeric level of a JSON line (30 info, 40 warn, 50 error). */
export function levelOf(line: string): number {
  return (JSON.parse(line) as { level: number }).level;
}
