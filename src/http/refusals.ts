import { LRUCache } from 'lru-cache';
import { GradvizError } from '../errors.js';
import { JobTimeoutError } from '../jobs/pool.js';

/**
 * Requests the service refused, by the tag of what they asked for, so asking again costs no
 * worker: an image URL that is too large to draw fails the same way on every fetch (and errors
 * are `no-store`, so browsers fetch them again). A refusal decided by the input and the limits
 * stays true while the memory has room; a timeout depends on the machine's load too, so it is
 * remembered only for a while.
 */
export class Refusals {
  readonly #refused: LRUCache<string, GradvizError>;

  constructor(
    private readonly timeoutTtlMs: number,
    maxEntries = 10_000,
  ) {
    this.#refused = new LRUCache({ max: maxEntries });
  }

  /** The refusal to give again for `key`, if any. */
  get(key: string): GradvizError | undefined {
    return this.#refused.get(key);
  }

  /** Remembers `error` for `key` when it is a refusal worth repeating; other errors are ignored. */
  remember(key: string, error: unknown): void {
    if (error instanceof JobTimeoutError) {
      if (this.timeoutTtlMs > 0) this.#refused.set(key, error, { ttl: this.timeoutTtlMs });
    } else if (error instanceof GradvizError) {
      this.#refused.set(key, error);
    }
  }
}
