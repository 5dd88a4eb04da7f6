import { ListenedEventTarget } from './events.js';
import { internal } from './internal.js';
import { isSuccess } from './status.js';

/**
 * A SUBSCRIBE dialogue. The first SUBSCRIBE goes out at once; `response` resolves with its final response. While
 * the subscription is active and `refresh` is on, it is renewed (same dialogue, next CSeq, same Router and headers)
 * before it expires: after half the granted time, or 30 s before the end, whichever is later. `unsubscribe()` sends
 * `Expire: 0`.
 *
 * States: `pending` → `active` → `terminated`. Events: `active`, `refresh` (every 2xx to a renewal), `notify`
 * (a NOTIFY in the dialogue; answered 200 unless a listener calls `preventDefault()`), `terminated`.
 */
export class Subscription extends ListenedEventTarget {
  /** @type {'pending' | 'active' | 'terminated'} */
  state = 'pending';
  /** @type {Promise<import('../types/index.js').JsipMessage>} */
  response;
  /** The number of SUBSCRIBEs sent so far (the first one included). */
  sent = 0;
  #core;
  #dialogue;
  #fields;
  #expire;
  #refresh;
  #timer = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);

  /**
   * @param {import('./client.js').JsipClient} client
   * @param {import('./dialogue.js').Dialogue} dialogue
   * @param {string} uri
   * @param {import('../types/index.js').SubscribeOptions} options
   */
  constructor(client, dialogue, uri, options) {
    super();
    const { expire = 600, refresh = true, to = uri, body, router, headers, from, timeoutMs } = options;
    if (!Number.isInteger(expire) || expire <= 0) throw new RangeError('expire is a whole number of seconds above 0');
    this.client = client;
    this.#core = client[internal];
    this.#dialogue = dialogue;
    this.#expire = expire;
    this.#refresh = refresh;
    this.#fields = { type: 'SUBSCRIBE', requestUri: uri, to, from, body, router, headers, timeoutMs };
    dialogue.owner = this;
    this.response = this.#subscribe(expire);
  }

  get id() {
    return this.#dialogue.id;
  }

  get ended() {
    return this.state === 'terminated';
  }

  /** Renews now (normally done by the timer). Resolves with the response. */
  renew() {
    if (this.state === 'terminated') return Promise.reject(new Error('The subscription has ended'));
    return this.#subscribe(this.#expire);
  }

  /** Ends the subscription: SUBSCRIBE with `Expire: 0`. Resolves with its response. */
  unsubscribe() {
    if (this.state === 'terminated') return Promise.reject(new Error('The subscription has ended'));
    this.#core.clearTimer(this.#timer);
    const response = this.#subscribe(0);
    this.#terminate('unsubscribed');
    return response;
  }

  /** @param {number} expire */
  #subscribe(expire) {
    try {
      this.sent++;
      const tx = this.#core.sendRequest(this.#dialogue, { ...this.#fields, expire }, {
        onFinal: (response) => this.#onFinal(response, expire),
      });
      return tx.response;
    } catch (error) {
      this.#terminate('failed');
      return Promise.reject(error);
    }
  }

  #onFinal(response, expire) {
    if (expire === 0 || this.state === 'terminated') return;
    if (!isSuccess(response.Code)) {
      this.#terminate('rejected', response);
      return;
    }
    // The notifier may grant a shorter time than asked.
    const granted = Number.isInteger(response.Expire) && response.Expire > 0 ? response.Expire : expire;
    const first = this.state === 'pending';
    this.state = 'active';
    this.emit(first ? 'active' : 'refresh', { response });
    if (this.#refresh) {
      const ms = granted * 1000;
      this.#core.clearTimer(this.#timer);
      this.#timer = this.#core.setTimer(() => {
        this.renew().catch(() => {});
      }, Math.max(ms / 2, ms - 30000));
    }
  }

  /** @param {import('./transaction.js').IncomingRequest} request */
  onRequest(request) {
    if (request.method === 'NOTIFY') {
      this.#core.offer([[this, 'notify']], request, { subscription: this });
      return;
    }
    if (['BYE', 'CANCEL', 'INFO', 'UPDATE', 'PRACK', 'INVITE'].includes(request.method)) {
      request.respond(481);
      return;
    }
    this.#core.offer([], request, { subscription: this });
  }

  onClientClosed() {
    this.#terminate('client-closed');
  }

  #terminate(reason, response) {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.#core.clearTimer(this.#timer);
    if (!this.#core.closed()) this.#core.retire(this.#dialogue);
    this.emit('terminated', { reason, response });
  }
}
