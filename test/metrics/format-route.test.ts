/** The route label of a GitHub request: templated, with no repository, id or ref in it. */
import { formatRoute } from "../../src/metrics/github-requests.js";

describe("formatRoute", () => {
  it.each([
    ["an endpoint method's template", "/repos/{owner}/{repo}/pulls/{pull_number}", "/repos/{owner}/{repo}/pulls/{pull_number}"],
    ["a template with its query", "/repos/{owner}/{repo}/releases?per_page=100", "/repos/{owner}/{repo}/releases"],
    ["an app route", "/app/installations/{installation_id}/access_tokens", "/app/installations/{installation_id}/access_tokens"],
    ["a GitHub Enterprise template", "/api/v3/repos/{owner}/{repo}/check-runs", "/repos/{owner}/{repo}/check-runs"],
    ["a next page by repository id", "https://api.github.com/repositories/1296269/releases?per_page=100&page=2", "/repositories/{id}/releases"],
    ["a next page by name", "https://api.github.com/repos/octo-org/app/issues/12/comments?page=3", "/repos/{owner}/{repo}/issues/{id}/…"],
    ["a next page of matching refs", "http://ghe.example/api/v3/repos/octo-org/app/git/matching-refs/tags/release-2026?page=2", "/repos/{owner}/{repo}/git/matching-refs/…"],
    ["a literal sha", "/repos/octo-org/app/commits/0123456789abcdef0123456789abcdef01234567", "/repos/{owner}/{repo}/commits/{id}"],
    ["a literal app path", "/app/installations/77", "/app/installations/{id}"],
    ["the root", "https://api.github.com/", "/"],
  ])("keeps %s bounded", (_label, url, route) => {
    expect(formatRoute(url)).toBe(route);
  });
});
