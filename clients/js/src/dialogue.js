import { MAX_CSEQ } from './message.js';

/**
 * One DialogueID as this client sees it: the CSeq numbers used on it, who owns it (a call, a subscription, or
 * nobody for one-off requests), and the Router its requests carry.
 *
 * The server keeps a single CSeq namespace per dialogue for both directions, and drops a request whose CSeq belongs
 * to a live or recently completed transaction of the dialogue. So a local CSeq is never one the peer has used:
 * numbering starts at 1, increases by one per request, and skips every CSeq seen from the peer.
 */
export class Dialogue {
  /** @type {string} */
  id;
  /** The owner that handles in-dialogue messages (a call or a subscription), if any. */
  /** @type {{ ended: boolean, onRequest?: Function, onAck?: Function, onStrayResponse?: Function, onClientClosed?: Function } | null} */
  owner = null;
  #next;
  #used = new Set();

  /**
   * @param {string} id
   * @param {{ firstCSeq?: number }} [options]
   */
  constructor(id, { firstCSeq = 1 } = {}) {
    this.id = id;
    this.#next = firstCSeq;
  }

  /** The CSeq for the next request this client sends on the dialogue. */
  nextCSeq() {
    while (this.#used.has(this.#next)) this.#advance();
    const cseq = this.#next;
    this.#used.add(cseq);
    this.#advance();
    return cseq;
  }

  /**
   * Records a CSeq the peer used, so that no local request takes it.
   * @param {number} cseq
   */
  notePeerCSeq(cseq) {
    this.#used.add(cseq);
  }

  #advance() {
    this.#next = this.#next >= MAX_CSEQ ? 1 : this.#next + 1;
  }
}

/**
 * Creates unique DialogueIDs: a per-client random prefix, a counter and a random suffix, so that ids differ across
 * clients, tabs and reloads without relying on `crypto.randomUUID` (missing on plain-http pages).
 */
export class DialogueIdGenerator {
  #prefix;
  #counter = 0;

  constructor() {
    this.#prefix = randomToken(8);
  }

  next() {
    this.#counter++;
    return `js-${this.#prefix}-${this.#counter.toString(36)}-${randomToken(6)}`;
  }
}

/** @param {number} length */
function randomToken(length) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(length);
  if (globalThis.crypto?.getRandomValues) {
    globalThis.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  let token = '';
  for (const b of bytes) token += alphabet[b % alphabet.length];
  return token;
}
