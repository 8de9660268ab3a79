import type { FastifyRequest } from 'fastify';
import { fail } from './http-error.js';

/**
 * A fixed-window count of attempts per key, for a second limit on a route that @fastify/rate-limit already
 * limits (the plugin runs one limit a request: its handlers skip a request another of them has seen). Keys are
 * forgotten when their window has passed; at most `maxKeys` are kept (the oldest windows go first).
 */
export class AttemptLimit {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one attempt for `key`; E_RATE_LIMITED when it is one too many in the window. */
  take(key: string, now = Date.now()): void {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.forgetPast(now);
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count > this.max)
      fail(
        'E_RATE_LIMITED',
        `too many sign-in attempts: try again in ${Math.ceil((window.resetAt - now) / 1000)} s`,
      );
  }

  /** A preHandler that counts each request under the key `keyOf` gives it. */
  preHandler(keyOf: (request: FastifyRequest) => string): (request: FastifyRequest) => Promise<void> {
    return async (request) => this.take(keyOf(request));
  }

  private forgetPast(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // still full: the oldest keys go (a Map iterates in insertion order)
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
