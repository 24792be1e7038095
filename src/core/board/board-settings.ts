/**
 * A project's board settings (`board.mappings`, `board.position`) as its GitHub repository's
 * default-branch config asks for them. Pure: the caller reads the config and writes the project.
 */
import type { ConfigResult } from "../../config/parse-config.js";
import type { Project } from "../board/types.js";

export interface BoardSettings {
  mappings: string[];
  /** 0, the position of every project no config places, when the config names none. */
  position: number;
}

/** What the config asks for; null while the repository has no valid config (nothing to follow yet). */
export function boardSettingsOf(config: ConfigResult): BoardSettings | null {
  if (config.errors.length > 0) return null;
  const board = config.config.board;
  return { mappings: [...(board?.mappings ?? [])], position: board?.position ?? 0 };
}

/** The settings to write, or null when the project already shows them. */
export function decideBoardSettings(project: Pick<Project, "mappings" | "position">, wanted: BoardSettings | null): BoardSettings | null {
  if (wanted === null) return null;
  const same = project.position === wanted.position && JSON.stringify(project.mappings) === JSON.stringify(wanted.mappings);
  return same ? null : wanted;
}
