/**
 * Caps on open dashboard event streams (GET /events), per client address and in total, so one
 * client cannot hold every socket the process has. The defaults leave room for an office of wall
 * screens behind one address; both are settings (SSE_CONNECTIONS_PER_CLIENT, SSE_CONNECTIONS_TOTAL).
 */

export interface StreamLimits {
  perClient: number;
  total: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perClient: 256, total: 2048 };

export type StreamAdmission = { kind: "admit" } | { kind: "refuse"; status: 429 | 503; message: string };

/** Whether one more stream may open, given how many are open in total and from this client. */
export function decideStreamAdmission(open: { total: number; fromClient: number }, limits: StreamLimits): StreamAdmission {
  if (open.total >= limits.total) return { kind: "refuse", status: 503, message: `This server already serves ${limits.total} live dashboards; try again shortly.` };
  if (open.fromClient >= limits.perClient) return { kind: "refuse", status: 429, message: `Your address already has ${limits.perClient} live dashboards open; close some and try again.` };
  return { kind: "admit" };
}

/** Counts open streams per client; `admit` returns the release to call when a stream ends. */
export class StreamCounter {
  private readonly byClient = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  admit(client: string): { kind: "admit"; release: () => void } | (StreamAdmission & { kind: "refuse" }) {
    const decision = decideStreamAdmission({ total: this.total, fromClient: this.byClient.get(client) ?? 0 }, this.limits);
    if (decision.kind === "refuse") return decision;
    this.total++;
    this.byClient.set(client, (this.byClient.get(client) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left === 0) this.byClient.delete(client);
      else this.byClient.set(client, left);
    };
    return { kind: "admit", release };
  }
}
