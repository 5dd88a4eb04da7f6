import { Backoff } from './backoff.js';

const OPEN = 1;

/** Close reason the server gives when a newer connection of the same userid takes over. */
const REPLACED_PREFIX = 'Replaced';

/**
 * The WebSocket to the server, re-opened after an unexpected close with the same userid (the server keeps the
 * user's messages meanwhile and delivers them on reconnection). Frames sent while the socket is down wait in a
 * bounded queue and go out, in order, as soon as it is open again.
 */
export class Connection {
  #url;
  #WebSocket;
  #reconnect;
  #backoff;
  #maxQueued;
  #hooks;
  /** @type {WebSocket | null} */
  #socket = null;
  /** @type {string[]} */
  #queue = [];
  #closedByUser = false;
  #everOpened = false;
  #reconnectTimer = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
  #attempts = 0;
  /** @type {'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed'} */
  state = 'idle';

  /**
   * @param {object} options
   * @param {string} options.url the full URL including `?userid=`
   * @param {typeof WebSocket} options.WebSocket
   * @param {boolean} options.reconnect
   * @param {Backoff} options.backoff
   * @param {number} options.maxQueued
   * @param {object} hooks
   * @param {(text: string) => void} hooks.message
   * @param {(info: { reconnected: boolean, attempts: number }) => void} hooks.open
   * @param {(info: { code: number, reason: string, willReconnect: boolean, replaced: boolean }) => void} hooks.close
   * @param {(info: { attempt: number, delayMs: number }) => void} hooks.reconnecting
   */
  constructor({ url, WebSocket, reconnect, backoff, maxQueued }, hooks) {
    this.#url = url;
    this.#WebSocket = WebSocket;
    this.#reconnect = reconnect;
    this.#backoff = backoff;
    this.#maxQueued = maxQueued;
    this.#hooks = hooks;
  }

  /** The socket in use (for diagnostics and tests), or null while there is none. */
  get socket() {
    return this.#socket;
  }

  /**
   * Opens the first connection. Resolves when it is open; rejects if that first attempt fails (automatic
   * reconnection only follows a connection that was once open).
   * @returns {Promise<void>}
   */
  open() {
    if (this.state !== 'idle') return Promise.reject(new Error(`connect() was already called (state ${this.state})`));
    this.state = 'connecting';
    return new Promise((resolve, reject) => this.#dial({ resolve, reject }));
  }

  /**
   * Sends a frame now, or queues it while the socket is down.
   * @param {string} text
   */
  send(text) {
    if (this.state === 'closed') throw new Error('The client is closed');
    if (this.#socket && this.#socket.readyState === OPEN && this.#queue.length === 0) {
      this.#socket.send(text);
      return;
    }
    if (this.#queue.length >= this.#maxQueued) {
      throw new Error(`Not connected and ${this.#maxQueued} messages are already waiting`);
    }
    this.#queue.push(text);
  }

  /** Closes for good: no reconnection. */
  close(code = 1000, reason = 'Client closed') {
    if (this.state === 'closed') return;
    this.#closedByUser = true;
    this.state = 'closed';
    clearTimeout(this.#reconnectTimer);
    this.#queue = [];
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      detach(socket);
      try {
        socket.close(code, reason);
      } catch {
        // Already closing.
      }
    }
  }

  /** @param {{ resolve: () => void, reject: (e: Error) => void } | null} first */
  #dial(first) {
    /** @type {WebSocket} */
    let socket;
    try {
      socket = new this.#WebSocket(this.#url);
    } catch (error) {
      if (first) {
        this.state = 'closed';
        first.reject(/** @type {Error} */ (error));
      } else {
        this.#scheduleReconnect();
      }
      return;
    }
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      const reconnected = this.#everOpened;
      this.#everOpened = true;
      const attempts = this.#attempts;
      this.#attempts = 0;
      this.#backoff.reset();
      this.state = 'open';
      this.#flush();
      first?.resolve();
      this.#hooks.open({ reconnected, attempts });
    };
    socket.onmessage = (event) => {
      const data = event.data;
      if (typeof data === 'string') this.#hooks.message(data);
      else if (data instanceof ArrayBuffer) this.#hooks.message(new TextDecoder().decode(data));
      else if (data && typeof data.text === 'function') data.text().then((t) => this.#hooks.message(t));
    };
    let ended = false;
    const finish = (code, reason) => {
      if (ended) return;
      ended = true;
      detach(socket);
      if (this.#socket === socket) this.#socket = null;
      if (this.#closedByUser) return;
      if (first && !opened) {
        this.state = 'closed';
        first.reject(new Error(`Could not connect to ${this.#url} (close code ${code}${reason ? `: ${reason}` : ''})`));
        return;
      }
      const replaced = code === 1008 && reason.startsWith(REPLACED_PREFIX);
      const willReconnect = this.#reconnect && !replaced;
      if (opened) this.#hooks.close({ code, reason, willReconnect, replaced });
      if (willReconnect) {
        this.#scheduleReconnect();
      } else {
        this.state = 'closed';
        if (!opened) this.#hooks.close({ code, reason, willReconnect, replaced });
      }
    };
    // Some implementations (Node.js 20) report a failed handshake with an error event and no close event.
    socket.onerror = () => {
      if (!opened) finish(1006, 'connection failed');
    };
    socket.onclose = (event) => finish(event?.code ?? 1006, event?.reason ?? '');
  }

  #scheduleReconnect() {
    if (this.#closedByUser) return;
    this.state = 'reconnecting';
    const delayMs = this.#backoff.next();
    this.#attempts++;
    this.#hooks.reconnecting({ attempt: this.#attempts, delayMs });
    this.#reconnectTimer = setTimeout(() => {
      if (!this.#closedByUser) this.#dial(null);
    }, delayMs);
  }

  #flush() {
    const socket = this.#socket;
    while (socket && socket.readyState === OPEN && this.#queue.length > 0) {
      socket.send(/** @type {string} */ (this.#queue.shift()));
    }
  }
}

/** @param {WebSocket} socket */
function detach(socket) {
  socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
}
