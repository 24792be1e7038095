import { stripApiUrls } from "../../src/intake/github/trim-payload.js";
import { buildWebhook } from "../fakes/webhooks.js";

const repo = { owner: "octo-org", repo: "app", installationId: 7 };

/** What the journal stores: the payload as JSON after stripping. */
function journaled(payload: Record<string, unknown>): Record<string, any> {
  stripApiUrls(payload);
  return JSON.parse(JSON.stringify(payload)) as Record<string, any>;
}

describe("stripApiUrls", () => {
  it("drops the REST API links of a real pull_request payload and keeps what people follow", () => {
    const payload = buildWebhook("pull_request", "synchronize", { repo }) as Record<string, any>;
    const original = JSON.parse(JSON.stringify(payload)) as Record<string, any>;
    const stored = journaled(payload);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(original).length / 2);
    expect(JSON.stringify(stored)).not.toContain("https://api.github.com/");
    expect(stored.pull_request.html_url).toBe(original.pull_request.html_url);
    expect(stored.pull_request.head.sha).toBe(original.pull_request.head.sha);
    expect(stored.repository.full_name).toBe(original.repository.full_name);
    expect(stored.sender.avatar_url).toBe(original.sender.avatar_url);
  });

  it.each([
    ["GitHub Enterprise Server's API base", "https://ghe.example/api/v3/repos/o/r", "https://ghe.example/api/v3/repos/o/r/pulls/1", true],
    ["a link outside the API", "https://api.github.com/repos/o/r", "https://ci.example/build/1", false],
    ["an API-looking link when the repository has no API link", "not a url", "https://api.github.com/repos/o/r/pulls/1", true],
  ])("%s", (_label, repositoryUrl, statusUrl, dropped) => {
    const stored = journaled({ repository: { url: repositoryUrl, name: "r" }, status: { target_url: statusUrl } });
    expect(stored.status.target_url === undefined).toBe(dropped);
    expect(stored.repository.name).toBe("r");
  });

  it("keeps nulls, arrays, numbers and strings in arrays as they are", () => {
    const payload = { repository: null, labels: [{ name: "run-e2e", url: "https://api.github.com/repos/o/r/labels/run-e2e" }], number: 3, events: ["https://api.github.com/x"] };
    expect(journaled(payload)).toEqual({ repository: null, labels: [{ name: "run-e2e" }], number: 3, events: ["https://api.github.com/x"] });
  });
});
