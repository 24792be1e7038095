/**
 * Failed dashboard sign-ins, per client address. Each failure in a row delays its answer more;
 * from the 5th failure in a row the client is locked out for a window, during which even the
 * right password is refused without being checked. Before that, a right password is accepted at
 * once and clears the count. The rules are pure; LoginThrottle only keeps the counts.
 */

export interface ThrottleRules {
  /** Failures in a row that start a lockout. */
  lockoutAfter: number;
  lockoutMs: number;
  /** The first failure's answer waits this long; each further one twice as long, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A client with no failure for this long starts afresh (and is forgotten). */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottleRules = { lockoutAfter: 5, lockoutMs: 5 * 60_000, baseDelayMs: 250, maxDelayMs: 4000, forgetAfterMs: 60 * 60_000 };

export interface ThrottleState {
  /** Failures in a row. */
  failures: number;
  lastFailureAt: number;
  /** Epoch ms until which attempts are refused unchecked (0: not locked). */
  lockedUntil: number;
}

export type AttemptDecision = { kind: "check" } | { kind: "locked"; retryAfterMs: number };

/** Whether a sign-in attempt at `now` may have its password checked. */
export function decideLoginAttempt(state: ThrottleState | undefined, now: number): AttemptDecision {
  if (state === undefined || now >= state.lockedUntil) return { kind: "check" };
  return { kind: "locked", retryAfterMs: state.lockedUntil - now };
}

/** The client's state after a wrong password at `now`, and how long its answer waits. */
export function recordLoginFailure(state: ThrottleState | undefined, now: number, rules: ThrottleRules): { state: ThrottleState; delayMs: number; locked: boolean } {
  const fresh = state === undefined || now - state.lastFailureAt > rules.forgetAfterMs;
  const failures = (fresh ? 0 : state.failures) + 1;
  const locked = failures >= rules.lockoutAfter;
  const delayMs = Math.min(rules.maxDelayMs, rules.baseDelayMs * 2 ** (failures - 1));
  return { state: { failures, lastFailureAt: now, lockedUntil: locked ? now + rules.lockoutMs : 0 }, delayMs: locked ? 0 : delayMs, locked };
}

/**
 * Most clients remembered at once; the oldest are forgotten first. Memory stays bounded, and an
 * attacker with this many addresses gains nothing its addresses did not already give it.
 */
const MAX_CLIENTS = 10_000;

export class LoginThrottle {
  private readonly clients = new Map<string, ThrottleState>();

  constructor(private readonly rules: ThrottleRules = DEFAULT_THROTTLE) {}

  check(client: string, now: number): AttemptDecision {
    return decideLoginAttempt(this.clients.get(client), now);
  }

  /** Records a failure (synchronously, so parallel guesses count before any answer goes out). */
  failed(client: string, now: number): { delayMs: number; locked: boolean; retryAfterMs: number } {
    const { state, delayMs, locked } = recordLoginFailure(this.clients.get(client), now, this.rules);
    this.clients.delete(client);
    this.clients.set(client, state);
    for (const oldest of this.clients.keys()) {
      if (this.clients.size <= MAX_CLIENTS) break;
      this.clients.delete(oldest);
    }
    return { delayMs, locked, retryAfterMs: locked ? this.rules.lockoutMs : 0 };
  }

  succeeded(client: string): void {
    this.clients.delete(client);
  }
}
