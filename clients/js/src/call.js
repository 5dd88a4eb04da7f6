import { ListenedEventTarget } from './events.js';
import { internal } from './internal.js';
import { isSuccess } from './status.js';

/**
 * What the outgoing and incoming calls share: the dialogue, the in-dialogue requests (BYE, INFO, UPDATE,
 * re-INVITE) and the answers the library gives by itself.
 *
 * States: `calling` (outgoing, nothing heard yet) or `incoming` (not answered yet) → `early` (a provisional
 * response) → `answered` (2xx to the INVITE) → `ended`.
 *
 * Events: `progress`, `answered`, `ack`, `cancel`, `bye`, `ended`, `reinvite`, `update`, `info`, `prack`,
 * `refresh`, `request`.
 */
export class Call extends ListenedEventTarget {
  /** @type {'calling' | 'incoming' | 'early' | 'answered' | 'ended'} */
  state;
  /** The initial INVITE (as sent, or as received). */
  /** @type {import('../types/index.js').JsipMessage} */
  invite;
  /** Why the call ended (`bye`, `remote-bye`, `cancel`, `cancelled`, `rejected`, `failed`, `timeout`, ...). */
  /** @type {string | null} */
  endReason = null;
  /** @type {import('./dialogue.js').Dialogue} */
  dialogue;
  /** @protected */
  core;
  /** @protected @type {string} */
  localUri;
  /** @protected @type {string} */
  remoteUri;
  /** @protected @type {string} */
  remoteTarget;
  /** @protected @type {string | string[] | undefined} */
  router;
  /** The pending re-INVITE we sent, if any. @protected */
  pendingReinvite = /** @type {import('./transaction.js').ClientTransaction | null} */ (null);
  /** The re-INVITE we answered 2xx and whose ACK is due. @protected */
  awaitingReinviteAck = false;

  /**
   * @param {import('./client.js').JsipClient} client
   * @param {import('./dialogue.js').Dialogue} dialogue
   * @param {'calling' | 'incoming'} state
   */
  constructor(client, dialogue, state) {
    super();
    this.client = client;
    this.core = client[internal];
    this.dialogue = dialogue;
    this.state = state;
    dialogue.owner = this;
  }

  get id() {
    return this.dialogue.id;
  }

  get ended() {
    return this.state === 'ended';
  }

  /** The peer: the callee of an outgoing call, the caller of an incoming one. */
  get peer() {
    return this.remoteUri;
  }

  /**
   * Hangs up an answered call. Resolves with the BYE's response (the server answers it itself).
   * @param {import('../types/index.js').InDialogueOptions} [options]
   */
  bye(options = {}) {
    if (this.state !== 'answered') {
      return Promise.reject(new Error(`bye() needs an answered call (state ${this.state}); use cancel() or reject()`));
    }
    const tx = this.#send('BYE', options);
    this.end('bye');
    return tx.response;
  }

  /**
   * Sends INFO (allowed in any state before the end).
   * @param {unknown} body
   * @param {import('../types/index.js').InDialogueOptions} [options]
   */
  info(body, options = {}) {
    return this.request('INFO', { ...options, body });
  }

  /**
   * Sends UPDATE. Before the answer this is an early offer/answer exchange that reaches the peer; once answered,
   * the server takes every UPDATE as a session refresh and answers it itself (the body does not reach the peer).
   * @param {unknown} body
   * @param {import('../types/index.js').InDialogueOptions} [options]
   */
  update(body, options = {}) {
    return this.request('UPDATE', { ...options, body });
  }

  /**
   * Sends a re-INVITE in an answered call. Resolves with its final response; a 2xx is ACKed at once (with
   * `options.ackBody`), an error response is ACKed too and the call goes on.
   * @param {unknown} body
   * @param {import('../types/index.js').InDialogueOptions & { ackBody?: unknown }} [options]
   */
  reinvite(body, options = {}) {
    if (this.state !== 'answered') return Promise.reject(new Error(`reinvite() needs an answered call (state ${this.state})`));
    if (this.pendingReinvite) return Promise.reject(new Error('A re-INVITE is already pending'));
    const { ackBody, ...rest } = options;
    const tx = this.#send('INVITE', { ...rest, body }, {
      onFinal: (response, t) => {
        this.pendingReinvite = null;
        if (!t.timedOut) this.sendAck(response, isSuccess(response.Code) ? ackBody : undefined);
      },
    });
    this.pendingReinvite = tx;
    return tx.response;
  }

  /**
   * Sends any other request in this call's dialogue (e.g. PRACK, or MESSAGE).
   * @param {string} type
   * @param {import('../types/index.js').InDialogueOptions} [options]
   */
  request(type, options = {}) {
    if (this.state === 'ended') return Promise.reject(new Error('The call has ended'));
    if (['INVITE', 'ACK', 'CANCEL', 'BYE'].includes(type)) {
      return Promise.reject(new TypeError(`Use the call's own method for ${type}`));
    }
    try {
      return this.#send(type, options).response;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // ---- used by the client and the subclasses ------------------------------------------------------------------------

  /**
   * @param {string} type
   * @param {Record<string, any>} options
   * @param {{ onFinal?: Function, onProvisional?: Function }} [hooks]
   */
  #send(type, options, hooks) {
    return this.core.sendRequest(this.dialogue, {
      ...options, type, to: this.remoteUri, requestUri: options.requestUri ?? this.remoteTarget, from: this.localUri,
    }, hooks);
  }

  /**
   * Sends a request of the dialogue from a subclass.
   * @protected
   */
  sendInDialogue(type, options, hooks) {
    return this.#send(type, options, hooks);
  }

  /**
   * ACKs a final response to one of our INVITEs.
   * @protected
   * @param {import('../types/index.js').JsipMessage} response
   * @param {unknown} [body]
   */
  sendAck(response, body) {
    this.core.sendRequest(this.dialogue, {
      type: 'ACK', to: this.remoteUri, requestUri: this.remoteTarget, from: this.localUri, relatedId: response.CSeq, body,
    });
  }

  /**
   * An in-dialogue request from the peer.
   * @param {import('./transaction.js').IncomingRequest} request
   */
  onRequest(request) {
    switch (request.method) {
      case 'BYE':
        // Whatever the state, the peer is gone: confirm and end.
        request.respond(200);
        if (this.state !== 'ended') {
          this.emit('bye', { request, message: request.message });
          this.end('remote-bye');
        }
        return;
      case 'CANCEL':
        this.onCancel(request);
        return;
      case 'INVITE':
        if (this.state !== 'answered' || this.pendingReinvite || this.awaitingReinviteAck) {
          request.respond(491, { reason: `INVITE not allowed while the call is ${this.state}` });
          return;
        }
        this.awaitingReinviteAck = true;
        this.core.offer([[this, 'reinvite']], request, { call: this });
        return;
      case 'UPDATE':
        if (this.state === 'answered') {
          // A session refresh (the server refreshes answered sessions with UPDATE): confirm, nothing to decide.
          request.respond(200);
          this.emit('refresh', { request, message: request.message });
          return;
        }
        this.core.offer([[this, 'update']], request, { call: this });
        return;
      case 'INFO':
      case 'PRACK':
        this.core.offer([[this, request.method.toLowerCase()]], request, { call: this });
        return;
      default:
        this.core.offer([[this, 'request']], request, { call: this });
    }
  }

  /**
   * The peer's CANCEL; overridden by incoming calls, which can be cancelled.
   * @protected
   * @param {import('./transaction.js').IncomingRequest} request
   */
  onCancel(request) {
    // Nothing of ours that the peer could cancel (we sent the INVITE): as the server does, 481.
    request.respond(481);
  }

  /**
   * An ACK from the peer (for a 2xx we sent to a re-INVITE; incoming calls also for the initial INVITE).
   * @param {import('../types/index.js').JsipMessage} ack
   */
  onAck(ack) {
    if (this.awaitingReinviteAck) {
      this.awaitingReinviteAck = false;
      this.emit('ack', { message: ack });
    }
  }

  /** The client closed: the call cannot go on. */
  onClientClosed() {
    this.end('client-closed');
  }

  /**
   * Ends the call (once) and tells the application.
   * @protected
   * @param {string} reason
   */
  end(reason) {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endReason = reason;
    this.stopTimers();
    if (!this.core.closed()) this.core.retire(this.dialogue);
    this.emit('ended', { reason });
  }

  /** @protected */
  stopTimers() {}
}
