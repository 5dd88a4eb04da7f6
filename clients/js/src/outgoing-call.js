import { Call } from './call.js';
import { isSuccess } from './status.js';

/**
 * A call this client makes. `response` resolves with the final response to the INVITE (a synthetic 408 with
 * `Synthetic: true` if none comes within the timeouts, after which the INVITE is cancelled).
 *
 * A 2xx is ACKed automatically unless `autoAck: false` (then call `ack(body)`); error responses are always ACKed.
 * Once answered, the call refreshes the session with UPDATE every Expire/3 seconds, as the server expects of the
 * caller.
 */
export class OutgoingCall extends Call {
  /** @type {Promise<import('../types/index.js').JsipMessage>} */
  response;
  /** The 2xx that answered the call, once there is one. */
  /** @type {import('../types/index.js').JsipMessage | null} */
  answer = null;
  acked = false;
  #tx;
  #cancelled = false;
  #autoAck;
  #expire;
  #refreshTimer = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);

  /**
   * @param {import('./client.js').JsipClient} client
   * @param {import('./dialogue.js').Dialogue} dialogue
   * @param {string} to
   * @param {import('../types/index.js').InviteOptions} options
   */
  constructor(client, dialogue, to, options) {
    super(client, dialogue, 'calling');
    const { requestUri = to, autoAck = true, expire = this.core.options.sessionExpire, onProvisional, ...rest } = options;
    this.localUri = options.from ?? client.userId;
    this.remoteUri = to;
    this.remoteTarget = requestUri;
    this.router = options.router;
    this.#autoAck = autoAck;
    this.#expire = expire;
    try {
      this.#tx = this.sendInDialogue('INVITE', { ...rest, requestUri, expire }, {
        onProvisional: (response) => {
          if (this.state === 'calling') this.state = 'early';
          onProvisional?.(response);
          this.emit('progress', { response });
        },
        onFinal: (response, tx) => this.#onFinal(response, tx),
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      this.response = Promise.reject(error);
      this.response.catch(() => {});
      this.end('failed');
      return;
    }
    this.invite = this.#tx.request;
    this.response = this.#tx.response;
  }

  /**
   * ACKs the 2xx (only needed with `autoAck: false`). Returns false if it was already ACKed.
   * @param {unknown} [body]
   */
  ack(body) {
    if (!this.answer) throw new Error('Nothing to ACK: the call has no 2xx response yet');
    if (this.acked) return false;
    this.acked = true;
    this.sendAck(this.answer, body);
    return true;
  }

  /**
   * Cancels the call before its final response. Resolves with the CANCEL's response; `response` then resolves
   * with the INVITE's 487.
   */
  cancel() {
    if (this.state === 'answered' || this.state === 'ended' || this.#tx.done) {
      return Promise.reject(new Error(`Nothing to cancel: the call is ${this.state}; use bye() once answered`));
    }
    if (this.#cancelled) return Promise.reject(new Error('The call is already cancelled'));
    this.#cancelled = true;
    return this.#sendCancel().response;
  }

  #sendCancel() {
    return this.sendInDialogue('CANCEL', { relatedId: this.invite.CSeq, requestUri: this.remoteTarget });
  }

  /**
   * @param {import('../types/index.js').JsipMessage} response
   * @param {import('./transaction.js').ClientTransaction} tx
   */
  #onFinal(response, tx) {
    const code = /** @type {number} */ (response.Code);
    if (tx.timedOut) {
      // Nobody answered in time: withdraw the INVITE (a late 2xx is then ACKed and hung up).
      if (!this.#cancelled) {
        this.#cancelled = true;
        try {
          this.#sendCancel();
        } catch {
          // The client is closing.
        }
      }
      this.end('timeout');
      return;
    }
    if (isSuccess(code)) {
      if (this.#cancelled) {
        this.#hangUpLate(response);
        this.end('cancelled');
        return;
      }
      this.answer = response;
      this.state = 'answered';
      if (this.#autoAck) this.ack();
      this.#scheduleRefresh();
      this.emit('answered', { response });
      return;
    }
    this.sendAck(response);
    this.end(this.#cancelled ? 'cancelled' : 'rejected');
  }

  /** A final response after the INVITE transaction ended (crossing a CANCEL, after a timeout, or a copy). */
  onStrayResponse(response) {
    const code = /** @type {number} */ (response.Code);
    if (response.CSeq !== this.invite?.CSeq || code < 200) return;
    if (!isSuccess(code)) {
      this.sendAck(response);
    } else if (this.state === 'ended') {
      this.#hangUpLate(response);
    } else if (this.acked) {
      this.sendAck(response, undefined);
    }
  }

  /** A 2xx we no longer want: ACK it, then BYE, so the call is not left half open. */
  #hangUpLate(response) {
    this.sendAck(response);
    try {
      this.sendInDialogue('BYE', {});
    } catch {
      // The client is closing.
    }
  }

  #scheduleRefresh() {
    if (!(this.#expire > 0)) return;
    this.#refreshTimer = this.core.setTimer(() => this.#refresh(), (this.#expire * 1000) / 3);
  }

  #refresh() {
    if (this.state !== 'answered') return;
    this.sendInDialogue('UPDATE', { expire: this.#expire }, {
      onFinal: (response) => {
        if (response.Code === 481) {
          // The server no longer knows the call.
          this.end('gone');
          return;
        }
        if (isSuccess(/** @type {number} */ (response.Code))) this.emit('refresh', { response });
      },
    });
    this.#scheduleRefresh();
  }

  stopTimers() {
    this.core.clearTimer(this.#refreshTimer);
  }
}
