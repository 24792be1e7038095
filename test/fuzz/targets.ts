/** What the fuzz run aims at: a repository the fake GitHub knows, and the checks on what was written. */
import type { CallRecord } from "../fakes/fake-github.js";

export const FUZZ_REPO = { owner: "octo-org", repo: "fuzzed", installationId: 77 };

/** Label, push and tag pipelines, commands and a train: every path a mutated payload can reach. */
export const FUZZ_CONFIG = `pipelines:
  e2e:
    on: { label: run-e2e }
    jobs:
      build: { workflow: build.yml }
      test: { status: ci/test, needs: [build] }
  main:
    on: { push: main }
    jobs:
      build: { workflow: build.yml }
  tags:
    on: { tag: "v*" }
    jobs:
      build: { workflow: build.yml }
train:
  branch: release
`;

type Json = Record<string, unknown>;

/** Points an example at the fuzz repository, sent by someone with write permission. */
export function pointAtFuzzRepo(payload: unknown): unknown {
  const p = payload as Json;
  p.installation = { ...(p.installation as Json), id: FUZZ_REPO.installationId };
  const repository = p.repository as Json | undefined;
  if (repository) {
    Object.assign(repository, { name: FUZZ_REPO.repo, full_name: `${FUZZ_REPO.owner}/${FUZZ_REPO.repo}`, default_branch: "main" });
    repository.owner = { ...(repository.owner as Json), login: FUZZ_REPO.owner };
  }
  p.sender = { ...(p.sender as Json), login: "maintainer", type: "User" };
  return p;
}

/**
 * A name git and GitHub accept for a ref, and that reads as what it is: printable ASCII only
 * (no control characters, no bidi overrides or other look-alikes), none of git's forbidden
 * characters or sequences, at most 255 bytes.
 */
const SAFE_REF = /^(?!.*\.\.)(?!.*@\{)(?!\/)(?!.*\/$)(?!.*\.lock$)[\x21-\x7e]{1,255}$/;
const FORBIDDEN_IN_REF = /[~^:?*[\\]/;

/** Where a write request carries a ref or tag name. */
const REF_FIELDS = ["ref", "tag", "tag_name", "base", "head", "target_commitish"] as const;

/** Every ref-like value signalbox sent GitHub in a write that is not a safe ref name. */
export function unsafeRefsWritten(calls: readonly CallRecord[]): string[] {
  const unsafe: string[] = [];
  for (const call of calls) {
    if (call.method === "GET") continue;
    const body = (call.body ?? {}) as Json;
    const names = REF_FIELDS.map((field) => body[field]).filter((value) => value !== undefined);
    const inPath = /\/git\/refs\/(.+)$/.exec(call.path)?.[1];
    if (inPath) names.push(decodeURIComponent(inPath));
    for (const name of names) {
      if (typeof name !== "string" || !SAFE_REF.test(name) || FORBIDDEN_IN_REF.test(name)) {
        unsafe.push(`${call.method} ${call.path}: ${JSON.stringify(name).slice(0, 120)}`);
      }
    }
  }
  return unsafe;
}
