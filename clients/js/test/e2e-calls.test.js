// End to end against a real all-in-one GoRtc node: calls between two clients through the relay SLP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sleep } from './support/gortc-node.js';
import { useNode } from './support/e2e.js';
import { nextEvent, uniqueUser, waitUntil } from './support/helpers.js';

const RELAY = 'gortc.com;type=relay';

const session = useNode();

/** @param {string} userId @param {Partial<import('../types/index.js').JsipClientOptions>} [options] */
function connect(userId, options = {}) {
  return session.connect(userId, options);
}

async function pair() {
  const alex = await connect(uniqueUser('Alex'));
  const bob = await connect(uniqueUser('Bob'));
  return { alex: alex.client, alexLog: alex.log, bob: bob.client, bobLog: bob.log };
}

describe('calls through the relay', () => {
  test('invite, ring, accept, ack, re-INVITE, INFO, bye: each side sees the other', async () => {
    const { alex, alexLog, bob, bobLog } = await pair();
    const incoming = nextEvent(bob, 'invite');
    const call = alex.invite(bob.userId, { body: { sdp: 'offer' }, router: RELAY, headers: { 'Content-Type': 'application/sdp' } });
    const progress = nextEvent(call, 'progress');

    const { call: bobCall } = await incoming;
    assert.equal(bobCall.state, 'incoming');
    assert.deepEqual(bobCall.body, { sdp: 'offer' });
    assert.equal(bobCall.peer, alex.userId);
    assert.equal(bobCall.invite['Content-Type'], 'application/sdp');
    bobCall.ring();
    assert.equal((await progress).response.Code, 180);
    assert.equal(call.state, 'early');

    const acked = bobCall.accept({ sdp: 'answer' });
    const answer = await call.response;
    assert.equal(answer.Code, 200);
    assert.deepEqual(answer.Body, { sdp: 'answer' });
    assert.equal(call.state, 'answered');
    const ack = await acked;
    assert.equal(ack.Type, 'ACK');
    const sentAck = alexLog.sent.find((m) => m.Type === 'ACK');
    assert.equal(sentAck.RelatedID, call.invite.CSeq, 'the ACK names the INVITE it confirms');
    assert.notEqual(sentAck.CSeq, call.invite.CSeq, 'the ACK has a CSeq of its own');

    // re-INVITE from the caller: the callee's app answers it with a body.
    bobCall.addEventListener('reinvite', (event) => {
      event.preventDefault();
      event.detail.request.respond(200, { body: { sdp: 'answer-2' } });
    });
    const bobAck = nextEvent(bobCall, 'ack');
    const reanswer = await call.reinvite({ sdp: 'offer-2' });
    assert.equal(reanswer.Code, 200);
    assert.deepEqual(reanswer.Body, { sdp: 'answer-2' });
    await bobAck;

    // INFO from the callee, answered by the library's default.
    const info = nextEvent(call, 'info');
    const infoResponse = await bobCall.info({ dtmf: '5' });
    assert.equal(infoResponse.Code, 200);
    assert.deepEqual((await info).request.body, { dtmf: '5' });

    // CSeq increases by one per request (ACKs included) in Alex's dialogue.
    const alexRequests = alexLog.sent.filter((m) => m.Type !== 'RESPONSE' && m.DialogueID === call.id);
    assert.deepEqual(alexRequests.map((m) => `${m.Type} ${m.CSeq}`), ['INVITE 1', 'ACK 2', 'INVITE 3', 'ACK 4']);

    // BYE from the caller: the server answers 200; the callee's library answers the relayed BYE 200 and ends.
    const bobBye = nextEvent(bobCall, 'bye');
    const bobEnded = nextEvent(bobCall, 'ended');
    const byeResponse = await call.bye();
    assert.equal(byeResponse.Code, 200);
    await bobBye;
    assert.equal((await bobEnded).reason, 'remote-bye');
    assert.equal(call.state, 'ended');
    assert.equal(bobCall.state, 'ended');
    await waitUntil(() => bobLog.sent.some((m) => m.Type === 'RESPONSE' && m.Code === 200 && m.DialogueID === bobCall.id
      && bobLog.received.some((r) => r.Type === 'BYE' && r.CSeq === m.CSeq)), 'Bob\'s 200 to the BYE');
  });

  test('cancel while ringing: the caller gets 487, the callee a cancel event', async () => {
    const { alex, alexLog, bob } = await pair();
    bob.addEventListener('invite', (event) => { event.detail.call.ring(); });
    const call = alex.invite(bob.userId, { router: RELAY });
    await nextEvent(call, 'progress');
    const cancelResponse = await call.cancel();
    assert.equal(cancelResponse.Code, 200);
    const final = await call.response;
    assert.equal(final.Code, 487);
    assert.equal(call.state, 'ended');
    assert.equal(call.endReason, 'cancelled');
    const cancel = alexLog.sent.find((m) => m.Type === 'CANCEL');
    assert.equal(cancel.RelatedID, call.invite.CSeq);
    await waitUntil(() => alexLog.sent.some((m) => m.Type === 'ACK' && m.RelatedID === call.invite.CSeq), 'the ACK of the 487');
  });

  test('the callee sees the cancel: 200 to the CANCEL, 487 to the INVITE, cancel and ended events', async () => {
    const { alex, bob, bobLog } = await pair();
    const incoming = nextEvent(bob, 'invite');
    const call = alex.invite(bob.userId, { router: RELAY });
    const { call: bobCall } = await incoming;
    bobCall.ring();
    await nextEvent(call, 'progress');
    const cancelEvent = nextEvent(bobCall, 'cancel');
    await call.cancel();
    await cancelEvent;
    assert.equal(bobCall.state, 'ended');
    assert.equal(bobCall.endReason, 'cancelled');
    assert.ok(bobLog.sent.some((m) => m.Type === 'RESPONSE' && m.Code === 487 && m.CSeq === bobCall.invite.CSeq));
    assert.equal((await call.response).Code, 487);
  });

  test('reject: the caller gets 486 and the call ends on both sides', async () => {
    const { alex, alexLog, bob } = await pair();
    bob.addEventListener('invite', (event) => { event.detail.call.reject(486); });
    const call = alex.invite(bob.userId, { router: RELAY });
    const final = await call.response;
    assert.equal(final.Code, 486);
    assert.equal(call.state, 'ended');
    assert.equal(call.endReason, 'rejected');
    await waitUntil(() => alexLog.sent.some((m) => m.Type === 'ACK' && m.RelatedID === call.invite.CSeq), 'the ACK of the 486');
  });

  test('a client that nobody listens on for calls answers 480', async () => {
    const { alex, bob } = await pair();
    void bob;
    const final = await alex.invite(bob.userId, { router: RELAY }).response;
    assert.equal(final.Code, 480);
  });

  test('session refresh: the caller sends UPDATE every Expire/3, the callee answers the server\'s refreshes', async () => {
    const { alex, alexLog, bob, bobLog } = await pair();
    bob.addEventListener('invite', (event) => { event.detail.call.accept(); });
    const call = alex.invite(bob.userId, { router: RELAY, expire: 3 });
    assert.equal((await call.response).Code, 200);
    const refreshed = nextEvent(call, 'refresh', 3000);
    assert.equal((await refreshed).response.Code, 200);
    await waitUntil(() => bobLog.sent.some((m) => m.Type === 'RESPONSE' && m.Code === 200
      && bobLog.received.some((r) => r.Type === 'UPDATE' && r.CSeq === m.CSeq && r.DialogueID === m.DialogueID)),
      'Bob\'s 200 to a refresh UPDATE', 4000);
    // After more than the Expire, the call is still up on both sides.
    await sleep(1500);
    assert.equal(call.state, 'answered');
    const update = alexLog.sent.find((m) => m.Type === 'UPDATE');
    assert.equal(update.Expire, 3);
    assert.equal((await call.bye()).Code, 200);
  });

  test('an in-dialogue request for a dialogue the client does not know is answered 481', async () => {
    const { alex, bob } = await pair();
    bob.addEventListener('invite', (event) => { event.detail.call.accept(); });
    const call = alex.invite(bob.userId, { router: RELAY });
    assert.equal((await call.response).Code, 200);
    // Bob's page reloads: a fresh client with the same userid takes over and knows nothing of the call.
    bob.close();
    const { client: bob2, log: bob2Log } = await connect(bob.userId);
    void bob2;
    const response = await call.info('still there?');
    assert.equal(response.Code, 481);
    assert.ok(bob2Log.received.some((m) => m.Type === 'INFO'));
    assert.ok(bob2Log.sent.some((m) => m.Type === 'RESPONSE' && m.Code === 481));
  });
});
