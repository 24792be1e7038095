/**
 * Probot authenticates every webhook as the installation it names, before any handler runs. A
 * payload whose `installation` has no usable id (GitHub never sends one; a forged or mangled one
 * might) would make that step throw and the delivery answer 500. This Octokit treats such a
 * payload as naming no installation: the delivery is acknowledged and journaled, and the worker
 * ignores it for want of an installation.
 */
import { ProbotOctokit } from "probot";

type AuthOptions = { type?: string; event?: { payload?: { installation?: unknown } } } & Record<string, unknown>;

function hasUsableInstallation(payload: { installation?: unknown } | undefined): boolean {
  const installation = payload?.installation;
  if (installation === undefined || installation === null) return true; // none: app-level auth, as Probot does
  const id = (installation as { id?: unknown }).id;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0;
}

export class SafeProbotOctokit extends ProbotOctokit {
  constructor(...args: ConstructorParameters<typeof ProbotOctokit>) {
    super(...args);
    const auth = this.auth.bind(this) as (options?: AuthOptions) => Promise<unknown>;
    this.auth = (async (options?: AuthOptions) => {
      const event = options?.event;
      if (options?.type === "event-octokit" && event && !hasUsableInstallation(event.payload)) {
        return auth({ ...options, event: { ...event, payload: { ...event.payload, installation: undefined } } });
      }
      return auth(options);
    }) as typeof this.auth;
  }
}
