/** The repository most app tests start from, on the fake GitHub. */
import type { FakeGitHub, FakeRepo } from "../fakes/fake-github.js";
import type { Json } from "../fakes/openapi-spec.js";

/** A contributor's pull request from a `feature` branch with one commit. */
export function openContributorPull(repo: FakeRepo): Json {
  repo.branch("feature");
  repo.commit("feature", { files: { "src/app.ts": "export {}\n" } });
  return repo.addPull({ head: "feature", user: "contributor" });
}

/**
 * A repository whose default branch `main` carries `config` as .github/signalbox.yml (none when
 * null), a maintainer with write permission, and a contributor's open pull request.
 */
export function seedRepoWithPull(fake: FakeGitHub, ref: { owner: string; repo: string; installationId: number }, config: string | null): { repo: FakeRepo; pull: Json } {
  const repo = fake.addRepo({ ...ref, defaultBranch: "main" });
  if (config !== null) repo.commit("main", { files: { ".github/signalbox.yml": config } });
  const pull = openContributorPull(repo);
  repo.setPermission("maintainer", "write");
  return { repo, pull };
}
