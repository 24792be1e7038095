/**
 * The Octokit class signalbox gives Probot. Before any handler runs, Probot authenticates every
 * webhook as the installation it names and builds a new Octokit for its context. signalbox's
 * handler only journals the delivery, and the worker authenticates on its own (`app.auth`). The
 * per-event Octokit is therefore never used, yet building it, and the garbage it left, took about
 * a fifth of intake's CPU, and for an installation not seen before it first asked GitHub for a
 * token, so a delivery could not even be acknowledged while GitHub was down. A forged
 * installation id could make it throw, too. Event contexts get one shared Octokit instead, which
 * refuses every request and says why.
 */
import { ProbotOctokit } from "probot";

type AuthOptions = { type?: string } & Record<string, unknown>;

const EVENT_OCTOKIT_REASON = "signalbox's webhook handler only journals deliveries; the worker authenticates as the installation (app.auth(installationId))";

/** An Octokit auth strategy under which every request fails before it is sent. */
function refuseEveryRequest() {
  return Object.assign(async () => ({ type: "unauthenticated" }), {
    hook: async () => {
      throw new Error(EVENT_OCTOKIT_REASON);
    },
  });
}

export class SignalboxOctokit extends ProbotOctokit {
  constructor(...args: ConstructorParameters<typeof ProbotOctokit>) {
    super(...args);
    const auth = this.auth.bind(this) as (options?: AuthOptions) => Promise<unknown>;
    let eventOctokit: ProbotOctokit | undefined;
    this.auth = (async (options?: AuthOptions) => {
      if (options?.type !== "event-octokit") return auth(options);
      const Octokit = this.constructor as typeof ProbotOctokit;
      return (eventOctokit ??= new Octokit({ authStrategy: refuseEveryRequest }));
    }) as typeof this.auth;
  }
}
