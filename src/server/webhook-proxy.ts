/**
 * On a laptop GitHub cannot reach signalbox, so WEBHOOK_PROXY_URL names a smee.io channel whose
 * deliveries are forwarded to the local webhook endpoint. The smee client is a development
 * dependency: a production install (`--omit=dev`) never needs it.
 */
import type { Logger } from "pino";

export async function startWebhookProxy(source: string, target: string, log: Logger): Promise<void> {
  let SmeeClient: typeof import("smee-client").SmeeClient;
  try {
    ({ SmeeClient } = await import("smee-client"));
  } catch {
    log.warn("WEBHOOK_PROXY_URL is set but the smee client is not installed: run `npm install smee-client`, or unset WEBHOOK_PROXY_URL");
    return;
  }
  const client = new SmeeClient({ source, target, logger: { info: (line) => log.info(line), error: (line) => log.error(line) } });
  await client.start();
  log.info(`forwarding webhooks from ${source} to ${target}`);
}
