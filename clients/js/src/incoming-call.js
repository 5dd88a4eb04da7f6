import { Call } from './call.js';
import { isSuccess } from './status.js';

/**
 * A call to this client, surfaced by the client's `invite` event. Answer it with `ring()`, `accept(body)` or
 * `reject(code)`. If the caller cancels first, the library answers the CANCEL (200) and the INVITE (487) and the
 * call emits `cancel` and `ended`.
 */
export class IncomingCall extends Call {
  /** The INVITE as a request to answer. */
  /** @type {import('./transaction.js').IncomingRequest} */
  inviteRequest;
  #ack = /** @type {{ resolve: Function, reject: Function, timer: any } | null} */ (null);

  /**
   * @param {import('./client.js').JsipClient} client
   * @param {import('./dialogue.js').Dialogue} dialogue
   * @param {import('./transaction.js').IncomingRequest} request
   */
  constructor(client, dialogue, request) {
    super(client, dialogue, 'incoming');
    this.inviteRequest = request;
    this.invite = request.message;
    this.localUri = /** @type {string} */ (request.message.To);
    this.remoteUri = /** @type {string} */ (request.message.From);
    this.remoteTarget = this.remoteUri;
  }

  /** The caller's body (e.g. an SDP offer). */
  get body() {
    return this.invite.Body;
  }

  /**
   * Sends 180 Ringing (or another provisional code).
   * @param {{ code?: number, body?: unknown, headers?: Record<string, unknown> }} [options]
   */
  ring({ code = 180, ...options } = {}) {
    if (code < 101 || code > 199) throw new RangeError('ring() sends a provisional response, 101..199');
    this.#assertUnanswered('ring');
    this.inviteRequest.respond(code, options);
    this.state = 'early';
  }

  /**
   * Answers 200 (with `body`, e.g. an SDP answer) and resolves with the caller's ACK. Without an ACK within the
   * transaction timeout the call is hung up (BYE) and the promise rejects.
   * @param {unknown} [body]
   * @param {{ code?: number, headers?: Record<string, unknown> }} [options]
   * @returns {Promise<import('../types/index.js').JsipMessage>}
   */
  accept(body, { code = 200, headers } = {}) {
    try {
      if (!isSuccess(code)) throw new RangeError('accept() sends a 2xx response');
      this.#assertUnanswered('accept');
      this.inviteRequest.respond(code, { body, headers });
    } catch (error) {
      return Promise.reject(error);
    }
    this.state = 'answered';
    this.emit('answered', { response: this.inviteRequest.lastResponse });
    const acked = new Promise((resolve, reject) => {
      const timer = this.core.setTimer(() => {
        this.#ack = null;
        reject(new Error('No ACK for the 200 within the transaction timeout'));
        if (this.state === 'answered') this.bye().catch(() => {});
      }, this.core.options.transactionTimeoutMs);
      this.#ack = { resolve, reject, timer };
    });
    acked.catch(() => {});
    return acked;
  }

  /**
   * Refuses the call (486 Busy Here by default).
   * @param {number} [code]
   * @param {{ body?: unknown, headers?: Record<string, unknown>, reason?: string }} [options]
   */
  reject(code = 486, options = {}) {
    if (code < 300 || code > 699) throw new RangeError('reject() sends an error response, 300..699');
    this.#assertUnanswered('reject');
    this.inviteRequest.respond(code, options);
    this.end('rejected');
  }

  #assertUnanswered(what) {
    if (this.state === 'ended') throw new Error(`Cannot ${what}: the call has ended (${this.endReason})`);
    if (this.inviteRequest.answered) throw new Error(`Cannot ${what}: the INVITE is already answered`);
  }

  /** @param {import('../types/index.js').JsipMessage} ack */
  onAck(ack) {
    if (this.#ack) {
      const { resolve, timer } = this.#ack;
      this.#ack = null;
      this.core.clearTimer(timer);
      this.emit('ack', { message: ack });
      resolve(ack);
      return;
    }
    super.onAck(ack);
  }

  /** @param {import('./transaction.js').IncomingRequest} cancel */
  onCancel(cancel) {
    if (this.inviteRequest.answered) {
      // Too late to cancel (the peer did send the INVITE, so the CANCEL is simply confirmed).
      cancel.respond(200);
      return;
    }
    cancel.respond(200);
    this.inviteRequest.respond(487);
    this.emit('cancel', { request: cancel, message: cancel.message });
    this.end('cancelled');
  }

  stopTimers() {
    if (this.#ack) {
      this.core.clearTimer(this.#ack.timer);
      this.#ack.reject(new Error(`The call ended (${this.endReason}) before the ACK`));
      this.#ack = null;
    }
  }
}
