/**
 * The load generator, run as its own process (`node --import tsx bench/support/load.ts <plan.json>`)
 * so its CPU does not count against the app under test nor share an event loop with the fake
 * GitHub. It sends signed deliveries in windows (each to one app, with some connections), gives
 * every request its own `x-github-delivery` id, writes the ids that were acknowledged (HTTP 200)
 * to `plan.ackFile`, and prints one JSON line per window.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { signPayload } from "../../test/fakes/webhooks.js";

export interface LoadWindow {
  url: string;
  /** Starts every delivery id of this window; the window's index follows. */
  idPrefix: string;
  connections: number;
  seconds: number;
  /** Requests per second across all connections; unset: as fast as the app answers. */
  rate?: number;
  /** Stop after this many requests instead of after `seconds`. */
  amount?: number;
}

export interface LoadPlan {
  secret: string;
  event: string;
  /** Payload bodies, sent round-robin. */
  bodiesFile: string;
  windows: LoadWindow[];
  ackFile: string;
}

export interface WindowResult extends LoadWindow {
  acknowledged: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
}

async function runWindow(plan: LoadPlan, step: LoadWindow, index: number, bodies: Array<{ body: string; signature: string }>): Promise<WindowResult> {
  let sent = 0;
  const acked: string[] = [];
  const result = await autocannon({
    url: step.url,
    connections: step.connections,
    duration: step.seconds,
    amount: step.amount,
    overallRate: step.rate,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/api/github/webhooks",
        setupRequest: (request, context) => {
          const { body, signature } = bodies[sent % bodies.length]!;
          const id = `${step.idPrefix}-${index}-${++sent}`;
          context.delivery = id;
          return {
            ...request,
            body,
            headers: {
              "content-type": "application/json",
              "user-agent": "GitHub-Hookshot/bench",
              "x-github-event": plan.event,
              "x-github-delivery": id,
              "x-hub-signature-256": signature,
            },
          };
        },
        onResponse: (status, _body, context) => {
          if (status === 200) acked.push(String(context.delivery));
        },
      },
    ],
  });
  appendFileSync(plan.ackFile, acked.length > 0 ? `${acked.join("\n")}\n` : "");
  return {
    ...step,
    acknowledged: result["2xx"],
    perSecond: result["2xx"] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.errors + result.timeouts + result.non2xx,
  };
}

const plan = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as LoadPlan;
const bodies = (JSON.parse(readFileSync(plan.bodiesFile, "utf8")) as string[]).map((body) => ({ body, signature: signPayload(body, plan.secret) }));
writeFileSync(plan.ackFile, "");
for (const [index, window] of plan.windows.entries()) {
  console.log(JSON.stringify(await runWindow(plan, window, index, bodies)));
}
