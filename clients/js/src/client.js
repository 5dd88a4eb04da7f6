import { Backoff } from './backoff.js';
import { Connection } from './connection.js';
import { Dialogue, DialogueIdGenerator } from './dialogue.js';
import { ListenedEventTarget, offerRequest } from './events.js';
import { buildRequest, isResponse, parseMessage } from './message.js';
import { ClientTransaction, IncomingRequest, transactionKey } from './transaction.js';
import { OutgoingCall } from './outgoing-call.js';
import { IncomingCall } from './incoming-call.js';
import { Subscription } from './subscription.js';
import { internal } from './internal.js';

/** Requests that only make sense inside an existing dialogue: on an unknown one they are answered 481. */
const IN_DIALOGUE = new Set(['BYE', 'CANCEL', 'INFO', 'UPDATE', 'PRACK', 'NOTIFY']);

/** Client events named after the request type, dispatched before the generic `request` event. */
const REQUEST_EVENTS = new Map([['MESSAGE', 'message'], ['OPTIONS', 'options'], ['SUBSCRIBE', 'subscribe'],
  ['REGISTER', 'register']]);

/**
 * A JSIP client: one WebSocket to a GoRtc node as one userid, with transactions, dialogues, calls and
 * subscriptions on top.
 *
 * Events (all `CustomEvent`s): `open`, `close`, `reconnecting`, `reconnected`, `invite`, `message`, `options`,
 * `subscribe`, `register`, `request`, `error`.
 */
export class JsipClient extends ListenedEventTarget {
  #options;
  #connection;
  #ids = new DialogueIdGenerator();
  /** @type {Map<string, Dialogue>} */
  #dialogues = new Map();
  /** @type {Map<string, ClientTransaction>} */
  #clientTransactions = new Map();
  /** @type {Map<string, { request: IncomingRequest, timer: ReturnType<typeof setTimeout> | undefined }>} */
  #serverTransactions = new Map();
  /** @type {Set<ReturnType<typeof setTimeout>>} */
  #timers = new Set();
  #closed = false;

  /**
   * @param {import('../types/index.js').JsipClientOptions} options
   */
  constructor(options) {
    super();
    const {
      url, userId, reconnect = true, reconnectDelayMs = 500, maxReconnectDelayMs = 30000,
      transactionTimeoutMs = 32000, provisionalTimeoutMs = 180000, sessionExpire = 600, headers = {},
      maxQueuedMessages = 1000, WebSocket: WebSocketCtor = globalThis.WebSocket, random = Math.random,
    } = options ?? /** @type {any} */ ({});
    if (typeof url !== 'string' || url.length === 0) throw new TypeError('url is required, e.g. ws://host:8080/rtc');
    const endpoint = withUserId(url, userId);
    if (typeof userId !== 'string' || userId.length === 0) throw new TypeError('userId is required');
    if (typeof WebSocketCtor !== 'function') {
      throw new TypeError('No WebSocket: pass options.WebSocket (Node.js 20 has a global one only with --experimental-websocket)');
    }
    this.#options = { url, userId, transactionTimeoutMs, provisionalTimeoutMs, sessionExpire, headers };
    const backoff = new Backoff({ initialDelayMs: reconnectDelayMs, maxDelayMs: maxReconnectDelayMs, random });
    this.#connection = new Connection(
      { url: endpoint, WebSocket: WebSocketCtor, reconnect, backoff, maxQueued: maxQueuedMessages },
      {
        message: (text) => this.#receive(text),
        open: ({ reconnected, attempts }) => {
          this.emit('open', { reconnected });
          if (reconnected) this.emit('reconnected', { attempts });
        },
        close: (info) => {
          if (!info.willReconnect) this.#shutDown(new Error(`Connection closed (${info.code} ${info.reason})`));
          this.emit('close', info);
        },
        reconnecting: (info) => this.emit('reconnecting', info),
      },
    );
    this[internal] = this.#makeInternal();
  }

  /** The userid this client connects as. */
  get userId() {
    return this.#options.userId;
  }

  /** `idle`, `connecting`, `open`, `reconnecting` or `closed`. */
  get state() {
    return this.#connection.state;
  }

  /** The WebSocket in use, if any (diagnostics). */
  get socket() {
    return this.#connection.socket;
  }

  /**
   * Opens the connection. Resolves once it is open; rejects if the first attempt fails. After that, unexpected
   * closes are followed by automatic reconnection (unless `reconnect: false`).
   * @returns {Promise<void>}
   */
  connect() {
    return this.#connection.open();
  }

  /**
   * Closes the connection for good: no reconnection; pending requests reject, timers stop.
   */
  close() {
    if (this.#closed) return;
    const wasOpen = this.#connection.state !== 'idle' && this.#connection.state !== 'closed';
    this.#connection.close();
    this.#shutDown(new Error('The client was closed'));
    if (wasOpen) this.emit('close', { code: 1000, reason: 'Client closed', willReconnect: false, replaced: false });
  }

  /**
   * Sends any request and resolves with its final response (a synthetic 408 with `Synthetic: true` when none
   * comes in time). Without `dialogueId`, a new dialogue is created.
   * @param {import('../types/index.js').RequestOptions} options
   * @returns {Promise<import('../types/index.js').JsipMessage>}
   */
  request(options) {
    try {
      const { type, to, requestUri = to, dialogueId, ...rest } = options ?? /** @type {any} */ ({});
      if (type === 'INVITE') throw new TypeError('Use invite() for INVITE (it manages the call)');
      if (type === 'ACK' || type === 'CANCEL') throw new TypeError(`${type} belongs to a call: use call.ack() / call.cancel()`);
      const dialogue = dialogueId ? this.#dialogueFor(dialogueId) : this.#newDialogue();
      const tx = this.#sendRequest(dialogue, { type, to, requestUri, ...rest });
      return /** @type {Promise<any>} */ (tx.response);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sends a MESSAGE on a new dialogue (or `options.dialogueId`).
   * @param {string} to the user to send to (also the Request-URI unless `options.requestUri`)
   * @param {unknown} body any JSON value
   * @param {import('../types/index.js').MessageOptions} [options]
   */
  message(to, body, options = {}) {
    return this.request({ ...options, type: 'MESSAGE', to, body });
  }

  /**
   * Starts a subscription. Returns the subscription at once; `subscription.response` is the first answer.
   * @param {string} uri the Request-URI (and To, unless `options.to`)
   * @param {import('../types/index.js').SubscribeOptions} [options]
   */
  subscribe(uri, options = {}) {
    return new Subscription(this, this.#newDialogue(), uri, options);
  }

  /**
   * Calls someone. Returns the outgoing call at once; `call.response` is the final response to the INVITE.
   * @param {string} to the callee (also the Request-URI unless `options.requestUri`)
   * @param {import('../types/index.js').InviteOptions} [options]
   */
  invite(to, options = {}) {
    return new OutgoingCall(this, this.#newDialogue(), to, options);
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  #makeInternal() {
    return {
      options: this.#options,
      sendRequest: (dialogue, fields, hooks) => this.#sendRequest(dialogue, fields, hooks),
      send: (message) => this.#send(message),
      setTimer: (fn, ms) => this.#setTimer(fn, ms),
      clearTimer: (timer) => this.#clearTimer(timer),
      retire: (dialogue) => this.#retire(dialogue),
      offer: (targets, request, detail) => offerRequest([...targets, [this, 'request']], request, detail,
        (r) => defaultAnswer(r)),
      closed: () => this.#closed,
    };
  }

  #newDialogue() {
    let id = this.#ids.next();
    while (this.#dialogues.has(id)) id = this.#ids.next();
    const dialogue = new Dialogue(id);
    this.#dialogues.set(id, dialogue);
    return dialogue;
  }

  /** @param {string} id */
  #dialogueFor(id) {
    let dialogue = this.#dialogues.get(id);
    if (!dialogue) {
      dialogue = new Dialogue(id);
      this.#dialogues.set(id, dialogue);
    }
    return dialogue;
  }

  /**
   * @param {Dialogue} dialogue
   * @param {Record<string, any>} fields
   * @param {{ onProvisional?: Function, onFinal?: Function, timeoutMs?: number }} [hooks]
   * @returns {ClientTransaction}
   */
  #sendRequest(dialogue, fields, hooks = {}) {
    if (this.#closed) throw new Error('The client is closed');
    const { type, to, requestUri = to, from = this.#options.userId, body, router, expire, relatedId, headers,
      onProvisional, timeoutMs, cseq } = fields;
    const message = buildRequest({
      type, requestUri, from, to, dialogueId: dialogue.id, cseq: cseq ?? dialogue.nextCSeq(), body, router, expire,
      relatedId, headers: { ...this.#options.headers, ...headers },
    });
    if (type === 'ACK') {
      this.#send(message);
      return /** @type {any} */ ({ request: message });
    }
    const tx = new ClientTransaction(message, {
      timeoutMs: hooks.timeoutMs ?? timeoutMs ?? this.#options.transactionTimeoutMs,
      provisionalTimeoutMs: this.#options.provisionalTimeoutMs,
      onProvisional: (response) => {
        hooks.onProvisional?.(response);
        onProvisional?.(response);
      },
      onFinal: (response, t) => {
        this.#clientTransactions.delete(t.key);
        hooks.onFinal?.(response, t);
        if (!dialogue.owner) this.#retire(dialogue);
      },
    });
    this.#clientTransactions.set(tx.key, tx);
    try {
      this.#send(message);
    } catch (error) {
      this.#clientTransactions.delete(tx.key);
      tx.abort(/** @type {Error} */ (error));
    }
    return tx;
  }

  /** @param {Record<string, unknown>} message */
  #send(message) {
    this.#connection.send(JSON.stringify(message));
  }

  /** @param {string} text */
  #receive(text) {
    const message = parseMessage(text);
    if (!message) {
      this.emit('error', { error: new Error('Ignored a frame that is not a JSIP message'), data: text });
      return;
    }
    if (isResponse(message)) this.#receiveResponse(message);
    else this.#receiveRequest(message);
  }

  /** @param {import('../types/index.js').JsipMessage} response */
  #receiveResponse(response) {
    const tx = this.#clientTransactions.get(transactionKey(response.DialogueID, response.CSeq));
    if (tx) {
      tx.receive(response);
      return;
    }
    // A response after its transaction ended (e.g. a 200 crossing our CANCEL, or after a local timeout).
    this.#dialogues.get(response.DialogueID)?.owner?.onStrayResponse?.(response);
  }

  /** @param {import('../types/index.js').JsipMessage} message */
  #receiveRequest(message) {
    let dialogue = this.#dialogues.get(message.DialogueID);
    if (message.Type === 'ACK') {
      // An ACK is never answered; it matters only to the call it confirms.
      dialogue?.owner?.onAck?.(message);
      return;
    }
    const key = transactionKey(message.DialogueID, message.CSeq);
    const known = this.#serverTransactions.get(key);
    if (known) {
      const same = known.request.message.Type === message.Type;
      if (same || !known.request.answered) {
        // The same request again (e.g. re-delivered after a reconnection): answer it as before, never twice to the app.
        if (same && known.request.lastResponse) this.#send(known.request.lastResponse);
        return;
      }
    }
    dialogue?.notePeerCSeq(message.CSeq);
    const request = new IncomingRequest(message, (r) => this.#send(r), (r) => this.#rememberAnswered(r));
    this.#remember(request);

    if (dialogue?.owner?.onRequest) {
      dialogue.owner.onRequest(request);
      return;
    }
    if (IN_DIALOGUE.has(message.Type)) {
      request.respond(481);
      return;
    }
    if (!dialogue) {
      dialogue = this.#dialogueFor(message.DialogueID);
      dialogue.notePeerCSeq(message.CSeq);
    }
    if (message.Type === 'INVITE') {
      const call = new IncomingCall(this, dialogue, request);
      if (!this.hasListener('invite') && !this.hasListener('request')) {
        // Nobody here takes calls: say so at once instead of letting the caller wait for a timeout.
        call.reject(480);
        return;
      }
      this.emit('invite', { call, request, message });
      this.emit('request', { call, request, message });
      return;
    }
    const type = REQUEST_EVENTS.get(/** @type {string} */ (message.Type));
    /** @type {Array<[ListenedEventTarget, string]>} */
    const targets = type ? [[this, type], [this, 'request']] : [[this, 'request']];
    offerRequest(targets, request, {}, (r) => defaultAnswer(r));
    this.#retire(dialogue);
  }

  /** @param {IncomingRequest} request */
  #remember(request) {
    const entry = { request, timer: /** @type {any} */ (undefined) };
    this.#serverTransactions.set(request.key, entry);
    // An unanswered request is forgotten once the server has long given up on it.
    entry.timer = this.#setTimer(() => this.#forget(request), this.#options.provisionalTimeoutMs, true);
  }

  /** @param {IncomingRequest} request */
  #rememberAnswered(request) {
    const entry = this.#serverTransactions.get(request.key);
    if (!entry || entry.request !== request) return;
    this.#clearTimer(entry.timer);
    // Kept a while after the answer, so a re-delivered copy gets the same answer.
    entry.timer = this.#setTimer(() => this.#forget(request), this.#options.transactionTimeoutMs, true);
  }

  /** @param {IncomingRequest} request */
  #forget(request) {
    const entry = this.#serverTransactions.get(request.key);
    if (entry?.request === request) this.#serverTransactions.delete(request.key);
  }

  /**
   * Drops a dialogue nobody owns any more, once no transaction of it can still see a message.
   * @param {Dialogue} dialogue
   */
  #retire(dialogue) {
    this.#setTimer(() => {
      if (this.#dialogues.get(dialogue.id) !== dialogue) return;
      if (dialogue.owner && !dialogue.owner.ended) return;
      for (const key of this.#clientTransactions.keys()) if (key.startsWith(`${dialogue.id}\n`)) return;
      this.#dialogues.delete(dialogue.id);
    }, this.#options.transactionTimeoutMs, true);
  }

  #setTimer(fn, ms, background = false) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
    // Housekeeping must not keep a Node.js process alive.
    if (background) /** @type {any} */ (timer).unref?.();
    return timer;
  }

  #clearTimer(timer) {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  /** @param {Error} error */
  #shutDown(error) {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const tx of this.#clientTransactions.values()) tx.abort(error);
    this.#clientTransactions.clear();
    for (const { timer } of this.#serverTransactions.values()) clearTimeout(timer);
    this.#serverTransactions.clear();
    for (const dialogue of this.#dialogues.values()) dialogue.owner?.onClientClosed?.();
    this.#dialogues.clear();
  }
}

/**
 * What the library answers when the application does not: MESSAGE, OPTIONS, INFO, NOTIFY, PRACK, UPDATE and
 * re-INVITE get 200 (received and accepted), SUBSCRIBE and REGISTER 501 (this client offers no such service).
 * @param {IncomingRequest} request
 */
function defaultAnswer(request) {
  if (request.lastResponse !== null) return;
  request.respond(request.method === 'SUBSCRIBE' || request.method === 'REGISTER' ? 501 : 200);
}

/**
 * The endpoint URL with `?userid=`. A relative URL (`/rtc`) is resolved against the page's address, with
 * http(s) turned into ws(s).
 * @param {string} url
 * @param {string} userId
 */
function withUserId(url, userId) {
  let parsed;
  try {
    parsed = new URL(url, globalThis.location?.href);
  } catch {
    throw new TypeError(`url must be a ws:// or wss:// URL (or relative to the page), not ${url}`);
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypeError(`url must be a ws:// or wss:// URL, not ${url}`);
  }
  parsed.searchParams.set('userid', userId);
  return parsed.toString();
}
