/** What a route handler of the fake GitHub receives and answers. */
import type { FakeRepo } from "./fake-repo.js";
import type { Json } from "./openapi-spec.js";

export interface Reply {
  status: number;
  body?: unknown;
  /** Sent as text (raw file contents) instead of JSON. */
  text?: string;
  headers?: Record<string, string>;
}

export interface FakeDirectory {
  readonly appId: number;
  readonly appSlug: string;
  readonly apiBase: string;
  /** What installation tokens may do (GitHub App permissions), e.g. { workflows: "write" }. */
  readonly permissions: Record<string, string>;
  /** Whether a dispatch asking for `return_run_details` gets them (older GitHub Enterprise Server answers 204). */
  readonly dispatchRunDetails: boolean;
  repos(): FakeRepo[];
  findRepo(owner: string, repo: string): FakeRepo | undefined;
  issueToken(installationId: number): { token: string; expires_at: string };
}

export interface AppContext {
  fake: FakeDirectory;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json;
  headers: Record<string, string | string[] | undefined>;
  /** The URL the caller used (with /api/v3 when it used it), for Link headers. */
  requestUrl: URL;
  /** The installation whose token made the call, when one did. */
  installationId: number | undefined;
}

export interface RepoContext extends AppContext {
  repo: FakeRepo;
}

export type AppHandler = (ctx: AppContext) => Reply;
export type RepoHandler = (ctx: RepoContext) => Reply;

/** Keys are "METHOD /template" exactly as the OpenAPI description spells the path. */
export type AppRoutes = Record<string, AppHandler>;
export type RepoRoutes = Record<string, RepoHandler>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

export const notFound = (): HttpError => new HttpError(404, "Not Found");

export function validationFailed(resource: string, code: string, field?: string, message?: string): HttpError {
  return new HttpError(422, message ?? "Validation Failed", {
    errors: [{ resource, code, ...(field ? { field } : {}) }],
  });
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });

/** A page of a list, as `per_page`/`page` ask for. */
export function paginate<T>(items: T[], query: Record<string, string>): T[] {
  const perPage = Math.min(Number(query.per_page ?? 30) || 30, 100);
  const page = Math.max(Number(query.page ?? 1) || 1, 1);
  return items.slice((page - 1) * perPage, page * perPage);
}

/** A list reply with GitHub's `Link: <...>; rel="next"` header when more pages follow. */
export function listReply<T>(ctx: AppContext, items: T[], wrap?: (page: T[]) => unknown): Reply {
  const page = paginate(items, ctx.query);
  const current = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
  const perPage = Math.min(Number(ctx.query.per_page ?? 30) || 30, 100);
  const headers: Record<string, string> = {};
  if (current * perPage < items.length) {
    const next = new URL(ctx.requestUrl);
    next.searchParams.set("page", String(current + 1));
    headers.link = `<${next.toString()}>; rel="next"`;
  }
  return { status: 200, body: wrap ? wrap(page) : page, headers };
}

export function int(value: string | undefined): number {
  return Number.parseInt(value ?? "", 10);
}
