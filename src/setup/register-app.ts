/** The first run: serve the setup page until the user has registered the GitHub App. */
import { startSetupServer } from "./setup-server.js";

/** Resolves once the credentials are in `.env` and `env`; `host` is decideStartup's (loopback by default). */
export async function registerApp(env: NodeJS.ProcessEnv, cwd: string, host: string): Promise<void> {
  const setup = await startSetupServer({ host, port: Number(env.PORT) || 3000, cwd, env, log: (line) => console.info(line) });
  await setup.registered;
  await setup.close();
}
