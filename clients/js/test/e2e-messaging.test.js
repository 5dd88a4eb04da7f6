// End to end against a real all-in-one GoRtc node: connection events, MESSAGE through the conformance SLP and
// between two clients through the relay SLP, CSeq numbering, timeouts, subscriptions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JsipClient } from '../src/index.js';
import { sleep } from './support/gortc-node.js';
import { useNode } from './support/e2e.js';
import { nextEvent, recordingWebSocket, uniqueUser, waitUntil } from './support/helpers.js';

const RELAY = 'gortc.com;type=relay';

const session = useNode();

/** @param {string} name @param {Partial<import('../types/index.js').JsipClientOptions>} [options] */
function connected(name, options = {}) {
  return session.connect(uniqueUser(name), options);
}

describe('connection', () => {
  test('connect() opens the socket as the userid and emits open; close() emits close and stops', async () => {
    const { WebSocket, log } = recordingWebSocket();
    const userId = uniqueUser('Alex');
    const client = new JsipClient({ url: session.node.url, userId, WebSocket });
    const opened = nextEvent(client, 'open');
    await client.connect();
    assert.equal((await opened).reconnected, false);
    assert.equal(client.state, 'open');
    assert.equal(new URL(log.sockets[0].url).searchParams.get('userid'), userId);

    const closed = nextEvent(client, 'close');
    client.close();
    const detail = await closed;
    assert.equal(detail.willReconnect, false);
    assert.equal(client.state, 'closed');
    await assert.rejects(client.message('Bob@gortc.com', 'late'), /closed/);
  });

  test('connect() rejects when nothing listens', async () => {
    const client = new JsipClient({ url: 'ws://127.0.0.1:1/rtc', userId: 'Nobody@gortc.com' });
    await assert.rejects(client.connect(), /Could not connect/);
    assert.equal(client.state, 'closed');
  });
});

describe('MESSAGE', () => {
  test('the conformance SLP answers Recv_MESSAGE with 200', async () => {
    const { client, log } = await connected('Alex');
    const response = await client.message('Bob@gortc.com', { text: 'hi' }, { requestUri: 'Recv_MESSAGE' });
    assert.equal(response.Code, 200);
    const sent = log.sent.find((m) => m.Type === 'MESSAGE');
    assert.equal(sent['Request-URI'], 'Recv_MESSAGE');
    assert.equal(sent.From, client.userId);
    assert.equal(sent.To, 'Bob@gortc.com');
    assert.equal(sent.CSeq, 1);
    assert.deepEqual(sent.Body, { text: 'hi' });
    assert.equal(response.DialogueID, sent.DialogueID);
  });

  test('an unknown Request-URI gets the SLP\'s 404', async () => {
    const { client } = await connected('Alex');
    const response = await client.message('Bob@gortc.com', 'x', { requestUri: 'No_Such_Handler' });
    assert.equal(response.Code, 404);
  });

  test('between two clients through the relay: message event, app answer relayed back', async () => {
    const { client: alex } = await connected('Alex');
    const { client: bob } = await connected('Bob');
    bob.addEventListener('message', (event) => {
      const { request } = event.detail;
      event.preventDefault();
      setTimeout(() => request.respond(202, { body: { echo: request.body } }), 10);
    });
    const received = nextEvent(bob, 'message');
    const response = await alex.message(bob.userId, 'hello Bob', { router: RELAY, headers: { 'Content-Type': 'text/plain' } });
    const { request } = await received;
    assert.equal(request.body, 'hello Bob');
    assert.equal(request.from, alex.userId);
    assert.equal(request.message['Content-Type'], 'text/plain');
    assert.equal(response.Code, 202);
    assert.deepEqual(response.Body, { echo: 'hello Bob' });
  });

  test('a MESSAGE nobody handles is answered 200 by the library', async () => {
    const { client: alex } = await connected('Alex');
    const { client: bob, log } = await connected('Bob');
    const response = await alex.message(bob.userId, 'unheard', { router: RELAY });
    assert.equal(response.Code, 200);
    assert.ok(log.sent.some((m) => m.Type === 'RESPONSE' && m.Code === 200));
  });
});

describe('timeouts', () => {
  test('a request with no final response in time resolves with a synthetic 408', async () => {
    const { client } = await connected('Alex', { transactionTimeoutMs: 300 });
    const started = Date.now();
    // The conformance SLP never answers Recv_MESSAGE_Timeout (the server itself would answer 408 after 2 s).
    const response = await client.message('Bob@gortc.com', 'x', { requestUri: 'Recv_MESSAGE_Timeout' });
    const elapsed = Date.now() - started;
    assert.equal(response.Code, 408);
    assert.equal(response.Synthetic, true);
    assert.match(String(response.Reason), /timeout/i);
    assert.ok(elapsed >= 280 && elapsed < 1900, `timed out after ${elapsed} ms`);
    // The server's own 408 comes later and is ignored; the client carries on.
    await sleep(2200);
    const again = await client.message('Bob@gortc.com', 'y', { requestUri: 'Recv_MESSAGE' });
    assert.equal(again.Code, 200);
  });

  test('the server\'s 408 for an unanswered request is a real one (no Synthetic header)', async () => {
    const { client } = await connected('Alex');
    const response = await client.message('Bob@gortc.com', 'x', { requestUri: 'Recv_MESSAGE_Timeout' });
    assert.equal(response.Code, 408);
    assert.equal(response.Synthetic, undefined);
  });
});

describe('subscriptions', () => {
  test('subscribe refreshes before expiry on the same dialogue and unsubscribes with Expire 0', async () => {
    const { client: alex, log: alexLog } = await connected('Alex');
    const { client: bob } = await connected('Bob');
    /** @type {any[]} */
    const subscribes = [];
    bob.addEventListener('subscribe', (event) => {
      subscribes.push(event.detail.request.message);
      event.detail.request.respond(200);
    });
    const subscription = alex.subscribe(bob.userId, { expire: 2, router: RELAY, body: { event: 'presence' } });
    const active = nextEvent(subscription, 'active');
    assert.equal((await subscription.response).Code, 200);
    await active;
    assert.equal(subscription.state, 'active');
    const refreshed = await nextEvent(subscription, 'refresh', 3000);
    assert.equal(refreshed.response.Code, 200);
    assert.equal(subscription.sent, 2);
    await waitUntil(() => subscribes.length === 2, 'the renewal at Bob');
    assert.deepEqual(subscribes.map((m) => m.Expire), [2, 2]);
    assert.deepEqual(subscribes[1].Body, { event: 'presence' });

    const response = await subscription.unsubscribe();
    assert.equal(response.Code, 200);
    assert.equal(subscription.state, 'terminated');
    const sent = alexLog.sent.filter((m) => m.Type === 'SUBSCRIBE');
    assert.deepEqual(sent.map((m) => [m.CSeq, m.Expire, m.DialogueID]),
      [[1, 2, subscription.id], [2, 2, subscription.id], [3, 0, subscription.id]]);
    assert.ok(sent.every((m) => m.Router === RELAY));
  });

  test('a SUBSCRIBE nobody handles gets 501 and the subscription ends', async () => {
    const { client: alex } = await connected('Alex');
    const { client: bob } = await connected('Bob');
    const subscription = alex.subscribe(bob.userId, { expire: 60, router: RELAY });
    const terminated = nextEvent(subscription, 'terminated');
    assert.equal((await subscription.response).Code, 501);
    assert.equal((await terminated).reason, 'rejected');
  });
});
