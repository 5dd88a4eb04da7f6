import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../src/index.js';

test('delays double from the initial delay up to the maximum (no jitter)', () => {
  const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => backoff.next()), [100, 200, 400, 800, 1000, 1000]);
  assert.equal(backoff.attempt, 6);
});

test('jitter takes up to the given fraction off each delay', () => {
  const low = new Backoff({ initialDelayMs: 1000, maxDelayMs: 8000, jitter: 0.5, random: () => 0.999999 });
  const high = new Backoff({ initialDelayMs: 1000, maxDelayMs: 8000, jitter: 0.5, random: () => 0 });
  assert.deepEqual([low.next(), low.next()], [500, 1000]);
  assert.deepEqual([high.next(), high.next()], [1000, 2000]);
});

test('reset starts again from the initial delay', () => {
  const backoff = new Backoff({ initialDelayMs: 10, maxDelayMs: 100, jitter: 0 });
  backoff.next();
  backoff.next();
  backoff.reset();
  assert.equal(backoff.next(), 10);
});

test('bad settings are refused with a reason', () => {
  assert.throws(() => new Backoff({ initialDelayMs: -1 }), /initialDelayMs/);
  assert.throws(() => new Backoff({ initialDelayMs: 100, maxDelayMs: 50 }), /maxDelayMs/);
  assert.throws(() => new Backoff({ jitter: 2 }), /jitter/);
});
