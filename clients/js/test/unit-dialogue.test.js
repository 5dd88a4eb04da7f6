import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dialogue, DialogueIdGenerator } from '../src/dialogue.js';

test('CSeq starts at 1 and increases by one per request', () => {
  const dialogue = new Dialogue('d');
  assert.deepEqual([dialogue.nextCSeq(), dialogue.nextCSeq(), dialogue.nextCSeq()], [1, 2, 3]);
});

test('a CSeq the peer used is never taken for a local request', () => {
  const dialogue = new Dialogue('d');
  dialogue.notePeerCSeq(2);
  dialogue.notePeerCSeq(3);
  assert.deepEqual([dialogue.nextCSeq(), dialogue.nextCSeq()], [1, 4]);
});

test('CSeq wraps from 2^32-1 to 1', () => {
  const dialogue = new Dialogue('d', { firstCSeq: 0xffffffff });
  assert.deepEqual([dialogue.nextCSeq(), dialogue.nextCSeq()], [0xffffffff, 1]);
});

test('dialogue ids are unique within and across generators', () => {
  const a = new DialogueIdGenerator();
  const b = new DialogueIdGenerator();
  const ids = new Set();
  for (let i = 0; i < 1000; i++) {
    ids.add(a.next());
    ids.add(b.next());
  }
  assert.equal(ids.size, 2000);
});
