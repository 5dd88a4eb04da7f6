// End to end: the client reconnects with the same userid after the server goes away, and keeps its transactions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsipClient } from '../src/index.js';
import { useNode } from './support/e2e.js';
import { nextEvent, uniqueUser } from './support/helpers.js';

const RELAY = 'gortc.com;type=relay';

const session = useNode();

/** @param {string} name @param {Partial<import('../types/index.js').JsipClientOptions>} [options] */
function connected(name, options = {}) {
  return session.connect(uniqueUser(name), { reconnectDelayMs: 200,
    maxReconnectDelayMs: 1000, ...options });
}

test('after the node restarts, the client reconnects with the same userid and still receives messages', async () => {
  const { client: alex, log: alexLog } = await connected('Alex');
  const { client: bob } = await connected('Bob');
  const closed = nextEvent(alex, 'close');
  const reconnecting = nextEvent(alex, 'reconnecting');
  const reconnected = nextEvent(alex, 'reconnected', 60000);
  const bobBack = nextEvent(bob, 'reconnected', 60000);

  await session.node.restart();
  const closeDetail = await closed;
  assert.equal(closeDetail.willReconnect, true);
  assert.equal(closeDetail.replaced, false);
  assert.ok((await reconnecting).delayMs <= 1000);
  assert.ok((await reconnected).attempts >= 1);
  await bobBack;
  assert.equal(alex.state, 'open');
  const urls = alexLog.sockets.map((s) => new URL(s.url).searchParams.get('userid'));
  assert.ok(urls.length >= 2);
  assert.ok(urls.every((u) => u === alex.userId), 'every socket uses the same userid');

  const received = nextEvent(alex, 'message');
  const response = await bob.message(alex.userId, 'after the restart', { router: RELAY });
  assert.equal(response.Code, 200);
  assert.equal((await received).request.body, 'after the restart');
});

test('messages sent to a client while it is away arrive after it reconnects; its own queued requests go out then', async () => {
  const { client: alex } = await connected('Alex', { reconnectDelayMs: 1000, maxReconnectDelayMs: 1000 });
  const { client: bob } = await connected('Bob');
  const closed = nextEvent(alex, 'close');
  // The socket drops without close() being called (as when a network goes away).
  alex.socket?.close();
  assert.equal((await closed).willReconnect, true);

  assert.equal(alex.state, 'reconnecting');
  const received = nextEvent(alex, 'message', 10000);
  const fromBob = bob.message(alex.userId, 'while you were away', { router: RELAY });
  // Alex sends too while disconnected: the request waits for the socket.
  const fromAlex = alex.message(bob.userId, 'sent while offline', { router: RELAY });
  await nextEvent(alex, 'reconnected', 10000);
  assert.equal((await received).request.body, 'while you were away');
  assert.equal((await fromBob).Code, 200);
  assert.equal((await fromAlex).Code, 200);
});

test('a client whose userid connects elsewhere is closed as replaced and does not reconnect', async () => {
  const { client: first } = await connected('Carol');
  const closed = nextEvent(first, 'close');
  const second = new JsipClient({ url: session.node.url, userId: first.userId });
  session.track(second);
  await second.connect();
  const detail = await closed;
  assert.equal(detail.replaced, true);
  assert.equal(detail.willReconnect, false);
  assert.equal(first.state, 'closed');
});
