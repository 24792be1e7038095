/** The repository and installation a webhook (or a synthetic journal entry) is routed to. */
import type { RepoRef } from "../../core/types.js";

export function repoOf(payload: Record<string, unknown>): RepoRef | null {
  const repository = payload.repository as { name?: unknown; owner?: { login?: unknown } } | undefined;
  const installation = payload.installation as { id?: unknown } | undefined;
  const owner = repository?.owner?.login;
  if (typeof repository?.name !== "string" || typeof owner !== "string") return null;
  if (typeof installation?.id !== "number") return null;
  return { owner, repo: repository.name, installationId: installation.id };
}
