/** Whether `npm start` must first register the GitHub App, and the wait while the user does. */
import { getPrivateKey } from "@probot/get-private-key";
import { startSetupServer } from "./setup-server.js";

/** No APP_ID or no private key (PRIVATE_KEY, PRIVATE_KEY_PATH or one *.pem beside the app). */
export function needsRegistration(env: NodeJS.ProcessEnv, cwd: string): boolean {
  if (!env.APP_ID) return true;
  try {
    return !getPrivateKey({ env, cwd });
  } catch {
    return true;
  }
}

/**
 * Serves the setup page until the app is registered. It listens on 127.0.0.1 unless HOST says
 * otherwise, because it writes `.env` for whoever completes it.
 */
export async function registerApp(env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  const setup = await startSetupServer({ host: env.HOST || "127.0.0.1", port: Number(env.PORT) || 3000, cwd, env, log: (line) => console.info(line) });
  await setup.registered;
  await setup.close();
}
