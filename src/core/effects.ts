/**
 * Every effect signalbox decides, as one union of plain data with a `kind`: pipelines, gates and
 * the config check (check runs, dispatches, comments), the release train (merges, tags, releases,
 * issues, and the pipelines and gates it starts) and the board (commit statuses, the project
 * webhook). The effects runner (src/effects/runner.ts) is the only code that applies them; its
 * `switch` over this union fails the type check when a kind is added here and not handled there.
 */
import type { BoardEffect } from "./board/effects.js";
import type { TrainEffect } from "./train/effects.js";
import type { PipelineEffect } from "./types.js";

export type Effect = PipelineEffect | TrainEffect | BoardEffect;

export type EffectKind = Effect["kind"];
