import { generateKeyPairSync } from "node:crypto";
import { SignalboxOctokit } from "../../src/intake/github/signalbox-octokit.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

function appOctokit(requests: string[]): InstanceType<typeof SignalboxOctokit> {
  const Octokit = SignalboxOctokit.defaults({
    request: {
      fetch: async (url: string) => {
        requests.push(String(url));
        return new Response("{}", { status: 500 });
      },
    },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  return new Octokit({ auth: { appId: 1, privateKey } });
}

const event = (installation: unknown) => ({ type: "event-octokit", event: { id: "d-1", name: "push", payload: { installation } } });

describe("SignalboxOctokit", () => {
  it("gives every event the same Octokit without asking GitHub for an installation token", async () => {
    const requests: string[] = [];
    const app = appOctokit(requests);
    const auth = app.auth as unknown as (options: unknown) => Promise<unknown>;
    const first = await auth(event({ id: 41 }));
    const second = await auth(event({ id: 42 }));
    expect(second).toBe(first);
    expect(requests).toEqual([]);
  });

  it("accepts an installation id a forged or mangled payload might carry", async () => {
    const app = appOctokit([]);
    const auth = app.auth as unknown as (options: unknown) => Promise<unknown>;
    for (const installation of [{ id: "41" }, { id: -1 }, { id: 1.5 }, "x", null]) await expect(auth(event(installation))).resolves.toBeDefined();
  });

  it("refuses any request made through an event's Octokit, saying where to authenticate instead", async () => {
    const requests: string[] = [];
    const app = appOctokit(requests);
    const eventOctokit = (await (app.auth as unknown as (options: unknown) => Promise<unknown>)(event({ id: 41 }))) as InstanceType<typeof SignalboxOctokit>;
    await expect(eventOctokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).rejects.toThrow(/only journals deliveries.*app\.auth/);
    expect(requests).toEqual([]);
  });
});
