// Small helpers shared by the tests.

/**
 * A WebSocket subclass that records every frame the client sends and receives (parsed), so tests can check what
 * went over the wire. Each client gets its own class (see recordingWebSocket()).
 */
export function recordingWebSocket(Base = globalThis.WebSocket) {
  const log = { sent: /** @type {any[]} */ ([]), received: /** @type {any[]} */ ([]), sockets: /** @type {any[]} */ ([]) };
  class RecordingWebSocket extends Base {
    constructor(url, protocols) {
      super(url, protocols);
      log.sockets.push(this);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') log.received.push(JSON.parse(event.data));
      });
    }
    send(data) {
      log.sent.push(JSON.parse(data));
      super.send(data);
    }
  }
  return { WebSocket: RecordingWebSocket, log };
}

/**
 * Resolves with the detail of the next event of a type (rejects after timeoutMs).
 * @param {EventTarget} target
 * @param {string} type
 * @param {number} [timeoutMs]
 */
export function nextEvent(target, type, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`No '${type}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (event) => {
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(/** @type {CustomEvent} */ (event).detail);
    };
    target.addEventListener(type, listener);
  });
}

/**
 * Polls until the predicate holds (rejects after timeoutMs).
 * @param {() => unknown} predicate
 * @param {string} what
 * @param {number} [timeoutMs]
 */
export async function waitUntil(predicate, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let counter = 0;
/** A userid no other test uses. */
export function uniqueUser(name) {
  counter++;
  return `${name}${counter}-${process.pid}-${Date.now().toString(36)}@gortc.com`;
}
