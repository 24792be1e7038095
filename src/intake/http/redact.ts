/**
 * What the API may say about a failure it did not cause: never an upstream error's message
 * (it can carry a URL with a token, or a token itself), only its HTTP status, and text that
 * reaches the log has anything shaped like a credential masked.
 */

/** GitHub's token prefixes, JWTs, and whatever follows `Bearer`/`token` in a header-like text. */
const CREDENTIALS = [
  /\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

export function redactSecrets(text: string): string {
  return CREDENTIALS.reduce((out, pattern) => out.replace(pattern, "[redacted]"), text);
}

/** "GitHub answered 404" or "the request to GitHub failed": safe to send to an API caller. */
export function describeUpstream(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? `GitHub answered ${status}` : "the request to GitHub failed";
}

/** An error as the log should hold it: its name, redacted message and stack, and status. */
export function loggableError(error: unknown): { type: string; message: string; stack?: string; status?: number } {
  const e = error instanceof Error ? error : new Error(String(error));
  const status = (error as { status?: unknown } | null)?.status;
  return {
    type: e.name,
    message: redactSecrets(e.message),
    ...(e.stack ? { stack: redactSecrets(e.stack) } : {}),
    ...(typeof status === "number" ? { status } : {}),
  };
}
