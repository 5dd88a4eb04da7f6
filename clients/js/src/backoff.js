/**
 * Exponential back-off with jitter for reconnection attempts.
 *
 * The n-th delay (n from 0) is `min(maxDelayMs, initialDelayMs * multiplier^n)`, then scaled by a random factor in
 * `[1 - jitter, 1]`, so that many clients cut off at the same moment (a node restart) do not all come back at the
 * same instant.
 */
export class Backoff {
  #initialDelayMs;
  #maxDelayMs;
  #multiplier;
  #jitter;
  #random;
  #attempt = 0;

  /**
   * @param {object} [options]
   * @param {number} [options.initialDelayMs=500] delay before the first retry
   * @param {number} [options.maxDelayMs=30000] upper bound of any delay
   * @param {number} [options.multiplier=2] growth factor per attempt
   * @param {number} [options.jitter=0.5] fraction (0..1) of each delay that is random
   * @param {() => number} [options.random=Math.random] source of randomness in [0, 1)
   */
  constructor({ initialDelayMs = 500, maxDelayMs = 30000, multiplier = 2, jitter = 0.5, random = Math.random } = {}) {
    if (!(initialDelayMs >= 0)) throw new RangeError('initialDelayMs must be a non-negative number');
    if (!(maxDelayMs >= initialDelayMs)) throw new RangeError('maxDelayMs must be at least initialDelayMs');
    if (!(multiplier >= 1)) throw new RangeError('multiplier must be at least 1');
    if (!(jitter >= 0 && jitter <= 1)) throw new RangeError('jitter must be between 0 and 1');
    this.#initialDelayMs = initialDelayMs;
    this.#maxDelayMs = maxDelayMs;
    this.#multiplier = multiplier;
    this.#jitter = jitter;
    this.#random = random;
  }

  /** How many delays have been handed out since the last reset. */
  get attempt() {
    return this.#attempt;
  }

  /** The next delay in milliseconds; each call moves one attempt further. */
  next() {
    const base = Math.min(this.#maxDelayMs, this.#initialDelayMs * this.#multiplier ** this.#attempt);
    this.#attempt++;
    return Math.round(base * (1 - this.#jitter * this.#random()));
  }

  /** Starts again from the initial delay (after a successful connection). */
  reset() {
    this.#attempt = 0;
  }
}
