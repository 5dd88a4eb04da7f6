// The client against a fake socket: the test plays the server frame by frame.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsipClient } from '../src/index.js';
import { fakeSocketClass } from './support/fake-socket.js';

const USER = 'Alex@gortc.com';

/** @param {Partial<import('../types/index.js').JsipClientOptions>} [options] */
async function open(options = {}) {
  const { FakeSocket, sockets } = fakeSocketClass();
  const client = new JsipClient({ url: 'ws://gortc.test/rtc', userId: USER, WebSocket: /** @type {any} */ (FakeSocket),
    reconnectDelayMs: 5, maxReconnectDelayMs: 20, ...options });
  const connected = client.connect();
  sockets[0].open();
  await connected;
  return { client, sockets, socket: sockets[0] };
}

/** @param {any} request @param {number} code @param {object} [extra] */
function responseTo(request, code, extra = {}) {
  return { Type: 'RESPONSE', Code: code, From: request.From, To: request.To, CSeq: request.CSeq,
    DialogueID: request.DialogueID, ...extra };
}

/** @param {string} type @param {string} dialogueId @param {number} cseq @param {object} [extra] */
function request(type, dialogueId, cseq, extra = {}) {
  return { Type: type, 'Request-URI': USER, From: 'Bob@gortc.com', To: USER, DialogueID: dialogueId, CSeq: cseq, ...extra };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('the URL carries the userid; a missing WebSocket or userId is refused with a reason', async () => {
  const { client, socket } = await open();
  assert.equal(new URL(socket.url).searchParams.get('userid'), USER);
  client.close();
  assert.throws(() => new JsipClient({ url: 'ws://x/rtc', userId: '', WebSocket: /** @type {any} */ (class {}) }), /userId/);
  assert.throws(() => new JsipClient({ url: 'ws://x/rtc', userId: 'a', WebSocket: /** @type {any} */ (null) }), /WebSocket/);
  assert.throws(() => new JsipClient({ url: 'ftp://x/rtc', userId: 'a', WebSocket: /** @type {any} */ (class {}) }), /ws:\/\//);
  const { FakeSocket, sockets } = fakeSocketClass();
  const secure = new JsipClient({ url: 'https://gortc.test/rtc?x=1', userId: 'A B@gortc.com', WebSocket: /** @type {any} */ (FakeSocket) });
  void secure.connect().catch(() => {});
  assert.equal(sockets[0].url, 'wss://gortc.test/rtc?x=1&userid=A+B%40gortc.com');
  secure.close();
});

test('responses match by DialogueID and CSeq; provisional responses go to the callback', async () => {
  const { client, socket } = await open();
  const provisional = [];
  const first = client.request({ type: 'OPTIONS', to: 'Bob@gortc.com', onProvisional: (r) => provisional.push(r.Code) });
  const second = client.message('Bob@gortc.com', 'hi');
  const [options, message] = socket.sent;
  assert.notEqual(options.DialogueID, message.DialogueID, 'each request without dialogueId starts a new dialogue');
  socket.deliver(responseTo(message, 200));
  socket.deliver(responseTo({ ...options, CSeq: 99 }, 200)); // wrong CSeq: ignored
  socket.deliver(responseTo(options, 183));
  socket.deliver(responseTo(options, 486));
  assert.equal((await second).Code, 200);
  assert.equal((await first).Code, 486);
  assert.deepEqual(provisional, [183]);
  client.close();
});

test('CSeq increases per dialogue; requests on one dialogue share its numbering', async () => {
  const { client, socket } = await open();
  const p1 = client.message('Bob@gortc.com', 'a');
  const dialogueId = socket.sent[0].DialogueID;
  const p2 = client.message('Bob@gortc.com', 'b', { dialogueId });
  const p3 = client.request({ type: 'INFO', to: 'Bob@gortc.com', dialogueId });
  const p4 = client.message('Carol@gortc.com', 'c');
  assert.deepEqual(socket.sent.map((m) => [m.DialogueID === dialogueId, m.CSeq]), [[true, 1], [true, 2], [true, 3], [false, 1]]);
  for (const m of socket.sent) socket.deliver(responseTo(m, 200));
  await Promise.all([p1, p2, p3, p4]);
  client.close();
});

test('a request with no final response resolves with a synthetic 408 after the timeout', async () => {
  const { client, socket } = await open({ transactionTimeoutMs: 30, provisionalTimeoutMs: 80 });
  const started = Date.now();
  const silent = client.message('Bob@gortc.com', 'hello?');
  const response = await silent;
  assert.equal(response.Code, 408);
  assert.equal(response.Synthetic, true);
  assert.ok(Date.now() - started >= 25);

  // A provisional response gives it provisionalTimeoutMs more.
  const slow = client.message('Bob@gortc.com', 'slow');
  const req = socket.sent.at(-1);
  await new Promise((r) => setTimeout(r, 20));
  socket.deliver(responseTo(req, 180));
  await new Promise((r) => setTimeout(r, 40)); // past transactionTimeoutMs, within provisionalTimeoutMs
  socket.deliver(responseTo(req, 200));
  assert.equal((await slow).Code, 200);
  client.close();
});

test('close() rejects pending requests and stops everything', async () => {
  const { client } = await open();
  const pending = client.message('Bob@gortc.com', 'x');
  client.close();
  await assert.rejects(pending, /closed/);
  assert.equal(client.state, 'closed');
  await assert.rejects(client.message('Bob@gortc.com', 'y'), /closed/);
});

test('in-dialogue requests on an unknown dialogue get 481; an ACK gets nothing', async () => {
  const { client, socket } = await open();
  const offered = [];
  client.addEventListener('request', (e) => offered.push(e.detail.request.method));
  for (const [i, type] of ['BYE', 'CANCEL', 'INFO', 'UPDATE', 'PRACK', 'NOTIFY'].entries()) {
    socket.deliver(request(type, `unknown-${i}`, 7));
    assert.equal(socket.last('RESPONSE').Code, 481, type);
    assert.equal(socket.last('RESPONSE').DialogueID, `unknown-${i}`);
  }
  const count = socket.sent.length;
  socket.deliver(request('ACK', 'unknown-ack', 1));
  assert.equal(socket.sent.length, count);
  assert.deepEqual(offered, []);
  client.close();
});

test('a MESSAGE nobody takes is answered 200; a listener can take over with preventDefault', async () => {
  const { client, socket } = await open();
  socket.deliver(request('MESSAGE', 'm1', 1, { Body: 'one' }));
  assert.equal(socket.last('RESPONSE').Code, 200);

  /** @type {any} */
  let held;
  client.addEventListener('message', (e) => {
    e.preventDefault();
    held = e.detail.request;
  });
  socket.deliver(request('MESSAGE', 'm2', 1, { Body: 'two' }));
  assert.equal(socket.last('RESPONSE').DialogueID, 'm1', 'not answered yet');
  held.respond(486, { reason: 'Busy' });
  assert.deepEqual([socket.last('RESPONSE').DialogueID, socket.last('RESPONSE').Code, socket.last('RESPONSE').Reason], ['m2', 486, 'Busy']);
  assert.throws(() => held.respond(200), /already answered/);
  client.close();
});

test('a re-delivered request reaches the app once and gets the same answer again', async () => {
  const { client, socket } = await open();
  let seen = 0;
  client.addEventListener('message', (e) => {
    seen++;
    e.detail.request.respond(202);
  });
  const message = request('MESSAGE', 'dup', 5, { Body: 'once' });
  socket.deliver(message);
  socket.deliver(message);
  assert.equal(seen, 1);
  const answers = socket.sent.filter((m) => m.Type === 'RESPONSE' && m.DialogueID === 'dup');
  assert.deepEqual(answers.map((m) => m.Code), [202, 202]);
  client.close();
});

test('an INVITE with nobody listening is answered 480', async () => {
  const { client, socket } = await open();
  socket.deliver(request('INVITE', 'call-480', 1));
  assert.equal(socket.last('RESPONSE').Code, 480);
  client.close();
});

test('incoming call: ring, accept, ACK; BYE is answered 200 and ends the call', async () => {
  const { client, socket } = await open();
  /** @type {any} */
  let call;
  client.addEventListener('invite', (e) => {
    call = e.detail.call;
    call.ring();
  });
  socket.deliver(request('INVITE', 'c1', 41, { Body: { sdp: 'o' }, Expire: 600 }));
  assert.equal(socket.last('RESPONSE').Code, 180);
  const acked = call.accept({ sdp: 'a' });
  assert.deepEqual([socket.last('RESPONSE').Code, socket.last('RESPONSE').Body], [200, { sdp: 'a' }]);
  socket.deliver(request('ACK', 'c1', 42, { RelatedID: 41 }));
  assert.equal((await acked).Type, 'ACK');

  // The server's session refresh is answered by the library.
  socket.deliver(request('UPDATE', 'c1', 43, { Expire: 600 }));
  assert.equal(socket.last('RESPONSE').Code, 200);

  // The callee's own requests take CSeqs the peer has not used.
  const info = call.info('x');
  const sentInfo = socket.last('INFO');
  assert.ok(![41, 42, 43].includes(sentInfo.CSeq));
  assert.deepEqual([sentInfo.From, sentInfo.To, sentInfo['Request-URI']], [USER, 'Bob@gortc.com', 'Bob@gortc.com']);
  socket.deliver(responseTo(sentInfo, 200));
  await info;

  const ended = new Promise((r) => call.addEventListener('ended', (e) => r(e.detail.reason)));
  socket.deliver(request('BYE', 'c1', 44));
  assert.deepEqual([socket.last('RESPONSE').Code, socket.last('RESPONSE').CSeq], [200, 44]);
  assert.equal(await ended, 'remote-bye');
  assert.equal(call.state, 'ended');
  client.close();
});

test('incoming call cancelled while ringing: 200 to the CANCEL, 487 to the INVITE, cancel event', async () => {
  const { client, socket } = await open();
  /** @type {any} */
  let call;
  client.addEventListener('invite', (e) => {
    call = e.detail.call;
    call.ring();
  });
  socket.deliver(request('INVITE', 'c2', 10));
  let cancelled = false;
  call.addEventListener('cancel', () => { cancelled = true; });
  socket.deliver(request('CANCEL', 'c2', 11, { RelatedID: 10 }));
  const responses = socket.sent.filter((m) => m.Type === 'RESPONSE').map((m) => [m.CSeq, m.Code]);
  assert.deepEqual(responses, [[10, 180], [11, 200], [10, 487]]);
  assert.ok(cancelled);
  assert.equal(call.endReason, 'cancelled');
  await assert.rejects(call.accept(), /ended/);
  client.close();
});

test('outgoing call: 2xx is ACKed with its own CSeq and RelatedID; error finals are ACKed; cancel uses a new CSeq', async () => {
  const { client, socket } = await open({ sessionExpire: 0 });
  const call = client.invite('Bob@gortc.com', { body: { sdp: 'o' }, router: ['gortc.com;type=relay'] });
  const invite = socket.last('INVITE');
  assert.deepEqual([invite.CSeq, invite.Router, invite.Expire], [1, 'gortc.com;type=relay', 0]);
  socket.deliver(responseTo(invite, 200, { Body: { sdp: 'a' } }));
  assert.equal((await call.response).Code, 200);
  const ack = socket.last('ACK');
  assert.deepEqual([ack.CSeq, ack.RelatedID], [2, 1]);
  assert.equal(call.ack(), false, 'already ACKed');

  const second = client.invite('Carol@gortc.com');
  const invite2 = socket.last('INVITE');
  socket.deliver(responseTo(invite2, 180));
  const cancel = second.cancel();
  const sentCancel = socket.last('CANCEL');
  assert.deepEqual([sentCancel.DialogueID, sentCancel.CSeq, sentCancel.RelatedID], [invite2.DialogueID, 2, 1]);
  socket.deliver(responseTo(sentCancel, 200));
  socket.deliver(responseTo(invite2, 487));
  assert.equal((await cancel).Code, 200);
  assert.equal((await second.response).Code, 487);
  assert.deepEqual([socket.last('ACK').DialogueID, socket.last('ACK').RelatedID], [invite2.DialogueID, 1]);
  assert.equal(second.endReason, 'cancelled');

  // A 200 that crosses the CANCEL is ACKed and hung up.
  const third = client.invite('Dan@gortc.com');
  const invite3 = socket.last('INVITE');
  third.cancel();
  socket.deliver(responseTo(invite3, 200));
  assert.equal(socket.last('ACK').DialogueID, invite3.DialogueID);
  assert.equal(socket.last('BYE').DialogueID, invite3.DialogueID);
  assert.equal(third.state, 'ended');
  client.close();
});

test('an INVITE timeout cancels the call and resolves with a synthetic 408', async () => {
  const { client, socket } = await open({ transactionTimeoutMs: 20 });
  const call = client.invite('Bob@gortc.com');
  const final = await call.response;
  assert.deepEqual([final.Code, final.Synthetic], [408, true]);
  assert.equal(socket.last('CANCEL').RelatedID, call.invite.CSeq);
  assert.equal(call.endReason, 'timeout');
  client.close();
});

test('outgoing call with autoAck false waits for ack(body)', async () => {
  const { client, socket } = await open({ sessionExpire: 0 });
  const call = client.invite('Bob@gortc.com', { autoAck: false });
  socket.deliver(responseTo(socket.last('INVITE'), 200));
  await call.response;
  assert.equal(socket.last('ACK'), undefined);
  assert.equal(call.ack({ sdp: 'late answer' }), true);
  assert.deepEqual(socket.last('ACK').Body, { sdp: 'late answer' });
  client.close();
});

test('the caller refreshes an answered session with UPDATE every Expire/3', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { client, socket } = await open({ sessionExpire: 30 });
  const call = client.invite('Bob@gortc.com');
  socket.deliver(responseTo(socket.last('INVITE'), 200));
  await call.response;
  t.mock.timers.tick(9999);
  assert.equal(socket.last('UPDATE'), undefined);
  t.mock.timers.tick(1);
  const update = socket.last('UPDATE');
  assert.equal(update.Expire, 30);
  socket.deliver(responseTo(update, 200));
  t.mock.timers.tick(10000);
  assert.notEqual(socket.last('UPDATE').CSeq, update.CSeq);
  client.close();
});

test('reconnection: back-off, same userid, queued requests flushed, transactions kept', async () => {
  const { client, sockets, socket } = await open({ transactionTimeoutMs: 5000 });
  const events = [];
  for (const type of ['close', 'reconnecting', 'reconnected', 'open']) client.addEventListener(type, () => events.push(type));
  const pending = client.message('Bob@gortc.com', 'before');
  const before = socket.last('MESSAGE');
  socket.drop(1006);
  assert.equal(client.state, 'reconnecting');
  const queued = client.message('Bob@gortc.com', 'during');
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(sockets.length, 2);
  assert.equal(sockets[1].url, socket.url);
  sockets[1].open();
  assert.deepEqual(events, ['close', 'reconnecting', 'open', 'reconnected']);
  const during = sockets[1].last('MESSAGE');
  assert.equal(during.Body, 'during');
  // The answer to the request sent before the drop arrives on the new socket (the server kept it).
  sockets[1].deliver(responseTo(before, 200));
  sockets[1].deliver(responseTo(during, 200));
  assert.equal((await pending).Code, 200);
  assert.equal((await queued).Code, 200);
  client.close();
});

test('reconnection retries with growing delays while the server is away', async () => {
  const { client, sockets, socket } = await open({ reconnectDelayMs: 10, maxReconnectDelayMs: 40, random: () => 0 });
  const delays = [];
  client.addEventListener('reconnecting', (e) => delays.push(/** @type {CustomEvent} */ (e).detail.delayMs));
  socket.drop(1001);
  for (let i = 1; i <= 3; i++) {
    await new Promise((r) => setTimeout(r, 60));
    sockets[i].drop(1006); // the handshake fails
  }
  assert.deepEqual(delays, [10, 20, 40, 40]);
  client.close();
  assert.equal(client.state, 'closed');
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(sockets.length, 4, 'no attempt after close()');
});

test('reconnect: false ends the client at the first unexpected close', async () => {
  const { client, socket } = await open({ reconnect: false });
  const pending = client.message('Bob@gortc.com', 'x');
  /** @type {any} */
  let detail;
  client.addEventListener('close', (e) => { detail = /** @type {CustomEvent} */ (e).detail; });
  socket.drop(1006);
  assert.equal(detail.willReconnect, false);
  assert.equal(client.state, 'closed');
  await assert.rejects(pending, /closed/i);
});

test('a NOTIFY in a subscription dialogue goes to the subscription and is answered 200', async () => {
  const { client, socket } = await open();
  const subscription = client.subscribe('room@gortc.com', { expire: 60, refresh: false });
  const subscribe = socket.last('SUBSCRIBE');
  assert.equal(subscribe.Expire, 60);
  socket.deliver(responseTo(subscribe, 200));
  await subscription.response;
  /** @type {any[]} */
  const notified = [];
  subscription.addEventListener('notify', (e) => notified.push(/** @type {CustomEvent} */ (e).detail.request.body));
  socket.deliver(request('NOTIFY', subscribe.DialogueID, 1000, { Body: { state: 'open' } }));
  assert.deepEqual(notified, [{ state: 'open' }]);
  assert.equal(socket.last('RESPONSE').Code, 200);
  const bye = request('BYE', subscribe.DialogueID, 1001);
  socket.deliver(bye);
  assert.equal(socket.last('RESPONSE').Code, 481);
  client.close();
});

test('frames that are not JSIP messages are reported and ignored', async () => {
  const { client, socket } = await open();
  const errors = [];
  client.addEventListener('error', (e) => errors.push(e));
  socket.deliver('not json');
  socket.deliver('{"Type":"RESPONSE"}');
  assert.equal(errors.length, 2);
  await tick();
  client.close();
});

test('extra headers: client defaults, per request, and core headers are protected', async () => {
  const { client, socket } = await open({ headers: { 'P-Asserted-Identity': 'alex' } });
  client.message('Bob@gortc.com', 'x', { headers: { 'Content-Type': 'text/plain' } });
  const sent = socket.last('MESSAGE');
  assert.deepEqual([sent['P-Asserted-Identity'], sent['Content-Type']], ['alex', 'text/plain']);
  await assert.rejects(client.message('Bob@gortc.com', 'x', { headers: { CSeq: 5 } }), /CSeq/);
  await assert.rejects(client.request({ type: /** @type {any} */ ('FOO'), to: 'Bob@gortc.com' }), /Unknown request type/);
  client.close();
});
