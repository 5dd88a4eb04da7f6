import { buildResponse } from './message.js';
import { assertResponseCode, isFinal, isProvisional } from './status.js';

/** Header set on a response the library made up itself (a local timeout), never on one from the server. */
export const SYNTHETIC_HEADER = 'Synthetic';

/**
 * A request this client sent, waiting for its final response. Responses match it by DialogueID + CSeq.
 *
 * Timing: the request must get a response within `timeoutMs`; each provisional response gives it
 * `provisionalTimeoutMs` more. When time runs out the promise resolves with a synthetic `408` response carrying
 * `Synthetic: true` and a `Reason` (it does not reject: a timeout is an answer like the server's own 408).
 */
export class ClientTransaction {
  /** @type {import('../types/index.js').JsipMessage} */
  request;
  /** @type {Promise<import('../types/index.js').JsipMessage>} */
  response;
  /** The final response, once there is one. */
  /** @type {import('../types/index.js').JsipMessage | null} */
  final = null;
  timedOut = false;
  #resolve;
  #reject;
  #timer = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
  #timeoutMs;
  #provisionalTimeoutMs;
  #onProvisional;
  #onFinal;

  /**
   * @param {import('../types/index.js').JsipMessage} request
   * @param {object} options
   * @param {number} options.timeoutMs
   * @param {number} options.provisionalTimeoutMs
   * @param {(response: import('../types/index.js').JsipMessage) => void} [options.onProvisional]
   * @param {(response: import('../types/index.js').JsipMessage, tx: ClientTransaction) => void} [options.onFinal]
   *   called before the promise settles (e.g. to ACK or end the transaction's bookkeeping)
   */
  constructor(request, { timeoutMs, provisionalTimeoutMs, onProvisional, onFinal }) {
    this.request = request;
    this.#timeoutMs = timeoutMs;
    this.#provisionalTimeoutMs = provisionalTimeoutMs;
    this.#onProvisional = onProvisional;
    this.#onFinal = onFinal;
    let resolve, reject;
    this.response = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#resolve = /** @type {any} */ (resolve);
    this.#reject = /** @type {any} */ (reject);
    // A caller that never awaits a failed request must not crash Node with an unhandled rejection.
    this.response.catch(() => {});
    this.#arm(this.#timeoutMs);
  }

  get key() {
    return transactionKey(this.request.DialogueID, this.request.CSeq);
  }

  get done() {
    return this.final !== null;
  }

  /**
   * A response with this transaction's key.
   * @param {import('../types/index.js').JsipMessage} response
   */
  receive(response) {
    if (this.done) return;
    const code = /** @type {number} */ (response.Code);
    if (isProvisional(code)) {
      this.#arm(this.#provisionalTimeoutMs);
      try {
        this.#onProvisional?.(response);
      } catch (error) {
        reportError(error);
      }
      return;
    }
    if (isFinal(code)) this.#settle(response);
  }

  /**
   * Ends the transaction without a response (the client was closed).
   * @param {Error} error
   */
  abort(error) {
    if (this.done) return;
    clearTimeout(this.#timer);
    this.final = /** @type {any} */ ({});
    this.#reject(error);
  }

  #arm(ms) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#timeout(), ms);
  }

  #timeout() {
    if (this.done) return;
    this.timedOut = true;
    const response = buildResponse(this.request, 408, {
      headers: { [SYNTHETIC_HEADER]: true },
      reason: `No final response within the transaction timeout`,
    });
    this.#settle(response);
  }

  #settle(response) {
    clearTimeout(this.#timer);
    this.final = response;
    try {
      this.#onFinal?.(response, this);
    } catch (error) {
      reportError(error);
    }
    this.#resolve(response);
  }
}

/**
 * A request received from the server, and the answer to it. The application answers with `respond()`; a final
 * response can be sent once, provisional ones any number of times before it.
 */
export class IncomingRequest {
  /** @type {import('../types/index.js').JsipMessage} */
  message;
  /** The last response sent (re-sent if the same request arrives again). */
  /** @type {import('../types/index.js').JsipMessage | null} */
  lastResponse = null;
  #send;
  #onFinal;

  /**
   * @param {import('../types/index.js').JsipMessage} message
   * @param {(response: import('../types/index.js').JsipMessage) => void} send
   * @param {(request: IncomingRequest) => void} [onFinal]
   */
  constructor(message, send, onFinal) {
    this.message = message;
    this.#send = send;
    this.#onFinal = onFinal;
  }

  get method() {
    return /** @type {string} */ (this.message.Type);
  }
  get dialogueId() {
    return this.message.DialogueID;
  }
  get cseq() {
    return this.message.CSeq;
  }
  get from() {
    return this.message.From;
  }
  get to() {
    return this.message.To;
  }
  get body() {
    return this.message.Body;
  }
  get key() {
    return transactionKey(this.message.DialogueID, this.message.CSeq);
  }
  /** True once a final response has been sent. */
  get answered() {
    return this.lastResponse !== null && isFinal(/** @type {number} */ (this.lastResponse.Code));
  }

  /**
   * Sends a response.
   * @param {number} code 100..699
   * @param {{ body?: unknown, headers?: Record<string, unknown>, reason?: string }} [options]
   * @returns {import('../types/index.js').JsipMessage} the response sent
   */
  respond(code, options = {}) {
    assertResponseCode(code);
    if (this.message.Type === 'ACK') throw new Error('An ACK is never answered');
    if (this.answered) {
      throw new Error(`${this.method} CSeq ${this.cseq} is already answered with ${this.lastResponse?.Code}`);
    }
    const response = buildResponse(this.message, code, options);
    this.lastResponse = response;
    this.#send(response);
    if (isFinal(code)) this.#onFinal?.(this);
    return response;
  }
}

/**
 * @param {string} dialogueId
 * @param {number} cseq
 */
export function transactionKey(dialogueId, cseq) {
  return `${dialogueId}\n${cseq}`;
}

/** @param {unknown} error */
export function reportError(error) {
  // An application callback threw: report it without breaking the protocol handling.
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error(error);
}
