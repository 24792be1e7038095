/** A ProbotOctokit pointed at the fake GitHub, authenticated as Probot does, without retries or throttling. */
import { ProbotOctokit } from "probot";
import type { FakeGitHub } from "../fakes/fake-github.js";

export const TestOctokit = ProbotOctokit.defaults((options: object) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

export type TestOctokitInstance = InstanceType<typeof TestOctokit>;

export function installationOctokit(fake: FakeGitHub, installationId: number): TestOctokitInstance {
  return new TestOctokit({ baseUrl: fake.url, auth: { appId: fake.appId, privateKey: fake.privateKey, installationId } });
}

export function appOctokit(fake: FakeGitHub): TestOctokitInstance {
  return new TestOctokit({ baseUrl: fake.url, auth: { appId: fake.appId, privateKey: fake.privateKey } });
}

/** The status of a failed request (Octokit throws RequestError for >= 400). */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    const response = (await promise) as { status: number };
    return response.status;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === undefined) throw error;
    return status;
  }
}
