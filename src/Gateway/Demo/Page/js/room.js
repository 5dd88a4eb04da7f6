// A chat room of the `chatroom` SLP, as one member sees it.
//
// The room id (`room:<name>@gortc.com`) is the Request-URI and To of every request; the member is named by
// P-Asserted-Identity. SUBSCRIBE with Expire > 0 joins and refreshes (its 200 carries the member list), Expire 0
// leaves; MESSAGE to the room reaches every other member as a MESSAGE to their own id, To the room.
import { roomId } from './identity.js';

/** The chatroom SLP, chosen by the Router of every room request. */
export const CHATROOM_ROUTER = 'gortc.com;type=chatroom';

/** How long the room keeps us without a refresh, and how often we refresh (and so see who came and went). */
const EXPIRE_SECONDS = 30;
const REFRESH_MS = 5000;

/** Refreshes that may fail in a row (a reconnection, a slow node) before the room counts as lost. */
const REFRESH_FAILURES_TOLERATED = 3;

/**
 * Events: `members` (detail `{ members: [{ id, nickname }] }`), `message` (detail `{ from, text }`, someone else's
 * message), `lost` (detail `{ reason }`, the room no longer has us).
 */
export class ChatRoom extends EventTarget {
  #client;
  #userId;
  /** @type {import('/lib/gortc/index.js').Subscription | null} */
  #subscription = null;
  #timer = 0;
  #failures = 0;
  #closed = false;
  /** @type {Array<{ id: string, nickname: string }>} */
  members = [];

  /**
   * @param {import('/lib/gortc/index.js').JsipClient} client
   * @param {{ userId: string, name: string }} options
   */
  constructor(client, { userId, name }) {
    super();
    this.#client = client;
    this.#userId = userId;
    this.name = name;
    this.id = roomId(name);
  }

  /** Joins; resolves with the members once the room has answered, rejects with the room's refusal. */
  async join() {
    await this.#subscribe();
    // The library renews before Expire runs out; renewing more often shows who came and went.
    this.#timer = setInterval(() => this.refresh(), REFRESH_MS);
    return this.members;
  }

  /** Renews our membership now, and the member list with it. */
  async refresh() {
    if (this.#closed) {
      return;
    }
    try {
      if (this.#subscription?.state === 'active') {
        this.#takeMembers(checked('SUBSCRIBE', await this.#subscription.renew()));
      } else {
        // The room dropped us (e.g. we were away longer than Expire) or the connection was replaced: join again.
        await this.#subscribe();
      }
      this.#failures = 0;
    } catch (error) {
      this.#failures += 1;
      if (!this.#closed && this.#failures > REFRESH_FAILURES_TOLERATED) {
        this.close();
        this.dispatchEvent(new CustomEvent('lost', { detail: { reason: describeFailure(error) } }));
      }
    }
  }

  /** Leaves the room (SUBSCRIBE with Expire 0). */
  async leave() {
    const subscription = this.#subscription;
    this.close();
    if (subscription?.state === 'active') {
      await subscription.unsubscribe();
    }
  }

  /** Stops renewing; the room forgets us after Expire. */
  close() {
    this.#closed = true;
    clearInterval(this.#timer);
  }

  /** Sends a chat message; resolves when the room has accepted it (200), rejects with its refusal. */
  async send(text) {
    return checked('MESSAGE', await this.#client.message(this.id, text, {
      router: CHATROOM_ROUTER,
      headers: { 'P-Asserted-Identity': this.#userId },
    }));
  }

  /**
   * Takes a MESSAGE the client received if it belongs to this room (To is the room id) and shows it. The library
   * answers it 200 (its default answer to MESSAGE).
   * @param {CustomEvent} event the client's `message` event
   */
  receive(event) {
    const message = event.detail.message;
    if (this.#closed || message.To !== this.id) {
      return;
    }
    const from = typeof message['P-Asserted-Identity'] === 'string' ? message['P-Asserted-Identity'] : message.From;
    const text = typeof message.Body === 'string' ? message.Body : JSON.stringify(message.Body);
    if (!this.members.some((member) => member.id === from)) {
      // Someone who joined since our last refresh: show them now.
      this.#setMembers([...this.members, { id: from, nickname: message.From }]);
    }
    this.dispatchEvent(new CustomEvent('message', { detail: { from, text } }));
  }

  async #subscribe() {
    const subscription = this.#client.subscribe(this.id, {
      expire: EXPIRE_SECONDS,
      router: CHATROOM_ROUTER,
      headers: { 'P-Asserted-Identity': this.#userId },
    });
    this.#subscription = subscription;
    this.#takeMembers(checked('SUBSCRIBE', await subscription.response));
  }

  #takeMembers(response) {
    const members = parseMembers(response.Body);
    if (members && !this.#closed) {
      this.#setMembers(members);
    }
  }

  #setMembers(members) {
    this.members = members;
    this.dispatchEvent(new CustomEvent('members', { detail: { members } }));
  }
}

/** The response if it is a 2xx; else an error that carries it. */
function checked(type, response) {
  if (response.Code >= 200 && response.Code < 300) {
    return response;
  }
  const error = new Error(`${type} refused: ${response.Code} ${response.Reason ?? response.Desc ?? ''}`.trim());
  error.response = response;
  throw error;
}

/**
 * The member list of a SUBSCRIBE's 200: a JSON string
 * `{"room":"room:x@gortc.com","members":[{"id":"Alex@gortc.com","nickname":"Alex@gortc.com"}]}` (an object is
 * taken too). Null when the body says nothing usable.
 */
export function parseMembers(body) {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || !Array.isArray(value.members)) {
    return null;
  }
  return value.members
    .filter((member) => member && typeof member.id === 'string')
    .map((member) => ({ id: member.id, nickname: typeof member.nickname === 'string' ? member.nickname : member.id }));
}

function describeFailure(error) {
  return error.response ? `${error.response.Code} ${error.response.Reason ?? error.response.Desc ?? ''}`.trim() : error.message;
}
