/** Generated secrets: the first process to start stores one, every later one (and every replica) reads it. */
import { storeEngines } from "./engines.js";

const lanes = await storeEngines("app_secrets");
const now = new Date("2026-01-01T00:00:00Z");

describe.each(lanes)("generated secrets on $engine", (lane) => {
  afterAll(() => lane.cleanup());

  it("keeps the first secret generated, across replicas racing and across restarts", async () => {
    const [a, b] = await Promise.all([lane.open(), lane.open()]);
    const raced = await Promise.all([a.secrets.getOrCreate("session", () => "from-a", now), b.secrets.getOrCreate("session", () => "from-b", now)]);
    expect(raced[0]).toBe(raced[1]);
    expect(["from-a", "from-b"]).toContain(raced[0]);
    await a.close();
    const restarted = await lane.open();
    let generated = false;
    expect(await restarted.secrets.getOrCreate("session", () => ((generated = true), "new"), now)).toBe(raced[0]);
    expect(generated).toBe(false);
    expect(await restarted.secrets.getOrCreate("other", () => "o", now)).toBe("o");
  });
});
