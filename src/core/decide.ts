/**
 * The pure core: which facts an event needs, and what to do once they are known.
 * Nothing here awaits, reads the clock or talks to GitHub.
 */
import type { ConfigResult } from "../config/parse-config.js";
import { decideConfigCheck, pushTouchesConfig } from "./config-check.js";
import type { Decision, DomainEvent, RepoRef } from "./types.js";

/** A fact the adapters must fetch before `decide` can run. */
export type FactRequest = { kind: "config"; repo: RepoRef; ref: string };

/** Facts gathered for one event. */
export interface Facts {
  config?: ConfigResult;
}

export function factsNeeded(event: DomainEvent): FactRequest[] {
  if (event.kind === "push" && pushTouchesConfig(event)) {
    return [{ kind: "config", repo: event.repo, ref: event.after }];
  }
  return [];
}

export function decide(event: DomainEvent, facts: Facts): Decision {
  switch (event.kind) {
    case "ignored":
      return { effects: [], reason: event.reason };
    case "push":
      if (!pushTouchesConfig(event)) return { effects: [], reason: "push does not change the config" };
      if (!facts.config) throw new Error("decide(push): config fact missing");
      return decideConfigCheck(event, facts.config);
  }
}
