/**
 * GitHub App authentication as GitHub checks it: an RS256 JWT signed with the app's key for
 * `/app...` endpoints, an installation token (`ghs_...`, one hour) for everything else.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from "node:crypto";

export type AuthKind = "jwt" | "installation" | "none";

export type AuthResult =
  | { kind: "jwt" }
  | { kind: "installation"; installationId: number; token: string }
  | { kind: "none"; problem: string };

interface IssuedToken {
  installationId: number;
  expiresAt: number;
}

export function generateAppKey(): { privateKey: string; publicKey: KeyObject } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return { privateKey: pem, publicKey: createPublicKey(privateKey) };
}

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as Record<string, unknown>;
}

export class AppAuth {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly appId: number,
    private readonly publicKey: KeyObject,
  ) {}

  /** Verifies a JWT's signature, algorithm, issuer and expiry; returns the problem or undefined. */
  checkJwt(jwt: string, nowMs = Date.now()): string | undefined {
    const [head, payload, signature] = jwt.split(".");
    if (!head || !payload || !signature) return "malformed JWT";
    try {
      if (decodeSegment(head).alg !== "RS256") return "JWT is not RS256";
      const ok = verify("RSA-SHA256", Buffer.from(`${head}.${payload}`), this.publicKey, Buffer.from(signature, "base64url"));
      if (!ok) return "JWT signature does not verify with the app's public key";
      const claims = decodeSegment(payload);
      if (String(claims.iss) !== String(this.appId)) return `JWT iss ${String(claims.iss)} is not app ${this.appId}`;
      const now = nowMs / 1000;
      if (typeof claims.exp !== "number" || claims.exp < now) return "JWT has expired";
      if (typeof claims.iat === "number" && claims.iat > now + 60) return "JWT iat is in the future";
      if (typeof claims.exp === "number" && typeof claims.iat === "number" && claims.exp - claims.iat > 660) {
        return "JWT lives longer than 10 minutes";
      }
      return undefined;
    } catch (error) {
      return `unreadable JWT: ${(error as Error).message}`;
    }
  }

  issueToken(installationId: number, nowMs = Date.now()): { token: string; expires_at: string } {
    const token = `ghs_${randomBytes(18).toString("base64url")}`;
    const expiresAt = nowMs + 3600_000;
    this.tokens.set(token, { installationId, expiresAt });
    return { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
  }

  /** Reads the Authorization header: `bearer <jwt>`, `token <t>` or `bearer <t>`. */
  authenticate(header: string | undefined, nowMs = Date.now()): AuthResult {
    if (!header) return { kind: "none", problem: "no Authorization header" };
    const found = /^(bearer|token)\s+(\S+)$/i.exec(header.trim());
    const credential = found?.[2];
    if (!credential) return { kind: "none", problem: `unreadable Authorization header "${header.slice(0, 20)}..."` };
    if (credential.split(".").length === 3) {
      const problem = this.checkJwt(credential, nowMs);
      return problem ? { kind: "none", problem } : { kind: "jwt" };
    }
    const issued = this.tokens.get(credential);
    if (!issued) return { kind: "none", problem: "token was never issued by this fake" };
    if (issued.expiresAt < nowMs) return { kind: "none", problem: "installation token has expired" };
    return { kind: "installation", installationId: issued.installationId, token: credential };
  }
}

/** Endpoints GitHub serves to the app itself (JWT), not to an installation. */
export function needsJwt(template: string): boolean {
  return (
    template === "/app" ||
    template.startsWith("/app/") ||
    /^\/(repos\/\{owner\}\/\{repo\}|orgs\/\{org\}|users\/\{username\})\/installation$/.test(template)
  );
}
