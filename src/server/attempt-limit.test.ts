import { describe, expect, it } from 'vitest';
import { AttemptLimit } from './attempt-limit.js';

describe('AttemptLimit', () => {
  it('refuses the attempt past the limit in a window, and counts anew after it', () => {
    const limit = new AttemptLimit(2, 60_000);
    limit.take('10.0.0.1', 0);
    limit.take('10.0.0.1', 1_000);
    expect(() => limit.take('10.0.0.1', 2_000)).toThrow(/too many sign-in attempts: try again in 58 s/);
    limit.take('10.0.0.2', 2_000); // another address has its own count
    limit.take('10.0.0.1', 60_000); // the window has passed
  });

  it('keeps at most maxKeys keys, forgetting past windows first, then the oldest', () => {
    const limit = new AttemptLimit(1, 1_000, 2);
    limit.take('a', 0);
    limit.take('b', 500);
    limit.take('c', 1_200); // a's window is over: forgotten, b kept
    expect(() => limit.take('b', 1_300)).toThrow(/too many/);
    limit.take('d', 1_300); // full of live windows: the oldest (b) goes
    limit.take('b', 1_400);
  });
});
