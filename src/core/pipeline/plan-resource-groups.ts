/**
 * GitLab's `resource_group`: at most one job of a group runs at a time across every pipeline of
 * the repository; the others wait and go first-come, first-served (GitLab's "oldest_first").
 */

export interface ResourceGroupRequest {
  /** Identifies the waiting job, e.g. "<run id>/<job>". */
  key: string;
  group: string;
  /** When the job became ready to run; ties keep the order of `waiting`. */
  queuedAt: number;
}

/**
 * Which waiting jobs may start now: per group, the oldest request, and only when no one holds
 * the group. `holders` maps a group to the key of the job holding it (running).
 */
export function planResourceGroups(
  waiting: readonly ResourceGroupRequest[],
  holders: Readonly<Record<string, string | undefined>>,
): string[] {
  const oldest = new Map<string, ResourceGroupRequest>();
  for (const request of waiting) {
    if (holders[request.group] !== undefined) continue;
    const current = oldest.get(request.group);
    if (!current || request.queuedAt < current.queuedAt) oldest.set(request.group, request);
  }
  return [...oldest.values()].map((request) => request.key);
}
