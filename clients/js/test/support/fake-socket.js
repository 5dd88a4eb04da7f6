// A WebSocket stand-in for unit tests: the test plays the server by calling deliver() and reading sent.

export function fakeSocketClass() {
  const sockets = /** @type {FakeSocket[]} */ ([]);
  class FakeSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSED = 3;
    readyState = 0;
    /** @type {any[]} */
    sent = [];
    onopen = /** @type {any} */ (null);
    onmessage = /** @type {any} */ (null);
    onerror = /** @type {any} */ (null);
    onclose = /** @type {any} */ (null);
    /** @param {string} url */
    constructor(url) {
      this.url = url;
      sockets.push(this);
    }
    /** The server accepts the connection. */
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    /** @param {string} data */
    send(data) {
      if (this.readyState !== 1) throw new Error('send on a socket that is not open');
      this.sent.push(JSON.parse(data));
    }
    close(code = 1000, reason = '') {
      this.readyState = 3;
      this.closedWith = { code, reason };
    }
    /** The server (or network) closes the socket. */
    drop(code = 1006, reason = '') {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
    /** A frame from the server. @param {object | string} message */
    deliver(message) {
      this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
    }
    /** The last message sent of a type (RESPONSE for responses). @param {string} type */
    last(type) {
      return [...this.sent].reverse().find((m) => m.Type === type);
    }
  }
  return { FakeSocket, sockets };
}
