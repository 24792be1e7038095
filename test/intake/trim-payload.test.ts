import { trimApiUrls } from "../../src/intake/github/trim-payload.js";
import { buildWebhook } from "../fakes/webhooks.js";

const repo = { owner: "octo-org", repo: "app", installationId: 7 };

describe("trimApiUrls", () => {
  it("drops the REST API links of a real pull_request payload and keeps what people follow", () => {
    const payload = buildWebhook("pull_request", "synchronize", { repo }) as Record<string, any>;
    const trimmed = trimApiUrls(payload) as Record<string, any>;
    expect(JSON.stringify(trimmed).length).toBeLessThan(JSON.stringify(payload).length / 2);
    expect(JSON.stringify(trimmed)).not.toContain("https://api.github.com/");
    expect(trimmed.pull_request.html_url).toBe(payload.pull_request.html_url);
    expect(trimmed.pull_request.head.sha).toBe(payload.pull_request.head.sha);
    expect(trimmed.repository.full_name).toBe(payload.repository.full_name);
    expect(trimmed.sender.avatar_url).toBe(payload.sender.avatar_url);
  });

  it.each([
    ["GitHub Enterprise Server's API base", "https://ghe.example/api/v3/repos/o/r", "https://ghe.example/api/v3/repos/o/r/pulls/1", true],
    ["a link outside the API", "https://api.github.com/repos/o/r", "https://ci.example/build/1", false],
    ["an API-looking link when the repository has no API link", "not a url", "https://api.github.com/repos/o/r/pulls/1", true],
  ])("%s", (_label, repositoryUrl, statusUrl, dropped) => {
    const trimmed = trimApiUrls({ repository: { url: repositoryUrl, name: "r" }, status: { target_url: statusUrl } }) as Record<string, any>;
    expect(trimmed.status.target_url === undefined).toBe(dropped);
    expect(trimmed.repository.name).toBe("r");
  });

  it("copies nulls, arrays and numbers as they are and never changes its input", () => {
    const payload = { repository: null, labels: [{ name: "run-e2e", url: "https://api.github.com/repos/o/r/labels/run-e2e" }], number: 3 };
    const before = JSON.stringify(payload);
    expect(trimApiUrls(payload)).toEqual({ repository: null, labels: [{ name: "run-e2e" }], number: 3 });
    expect(JSON.stringify(payload)).toBe(before);
  });
});
