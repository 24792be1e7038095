/**
 * What an API token may touch, beyond its scopes: the repositories it names, and the check
 * names signalbox owns. Pure.
 */
import type { ApiToken } from "../../settings.js";

/** The caller of an API call, once its token matched: what the action may check further. */
export type ApiCaller = Pick<ApiToken, "name" | "scopes" | "repos">;

/** Whether the token covers `owner/repo` (GitHub names are case-insensitive). No list covers all. */
export function tokenCovers(caller: Pick<ApiToken, "repos">, owner: string, repo: string): boolean {
  if (caller.repos.length === 0) return true;
  const [o, r] = [owner.toLowerCase(), repo.toLowerCase()];
  return caller.repos.some((pattern) => {
    const [po, pr] = pattern.toLowerCase().split("/") as [string, string];
    return po === o && (pr === "*" || pr === r);
  });
}

/**
 * Commit status contexts that look like signalbox's own check runs (`signalbox/<pipeline>`): a
 * status with such a context satisfies branch protection that requires the check, so only an
 * admin token may set one.
 */
export function isReservedContext(name: string): boolean {
  return name.trim().toLowerCase().startsWith("signalbox/");
}

/** Why the caller may not act on `owner/repo`, or null when it may. */
export function refuseRepo(caller: ApiCaller, repository: { owner: string; repo: string } | undefined, shown: string): string | null {
  if (caller.repos.length === 0) return null;
  if (repository && tokenCovers(caller, repository.owner, repository.repo)) return null;
  return `token "${caller.name}" does not cover ${shown}; it covers ${caller.repos.join(", ")}`;
}
