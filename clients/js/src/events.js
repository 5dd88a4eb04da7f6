/**
 * An EventTarget that knows whether anyone listens for a type, so the library can tell "nobody handles incoming
 * calls" (answer 480 at once) from "the application will answer later".
 */
export class ListenedEventTarget extends EventTarget {
  /** @type {Map<string, Set<unknown>>} */
  #listeners = new Map();

  /** @type {EventTarget['addEventListener']} */
  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    if (!listener) return;
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  /** @type {EventTarget['removeEventListener']} */
  removeEventListener(type, listener, options) {
    super.removeEventListener(type, listener, options);
    this.#listeners.get(type)?.delete(listener);
  }

  /**
   * Whether a listener added with addEventListener is registered for the type.
   * @param {string} type
   */
  hasListener(type) {
    return (this.#listeners.get(type)?.size ?? 0) > 0;
  }

  /**
   * Dispatches a CustomEvent with the given detail.
   * @param {string} type
   * @param {unknown} detail
   * @param {boolean} [cancelable]
   * @returns {CustomEvent}
   */
  emit(type, detail, cancelable = false) {
    const event = new CustomEvent(type, { detail, cancelable });
    this.dispatchEvent(event);
    return event;
  }
}

/**
 * Offers an incoming request to the application: one cancelable event per target, in order. The application takes
 * over the answer by calling `event.preventDefault()` (then it must call `request.respond()` itself, later) or by
 * responding at once; otherwise `defaultAnswer` runs.
 * @param {Array<[ListenedEventTarget, string]>} targets
 * @param {import('./transaction.js').IncomingRequest} request
 * @param {Record<string, unknown>} detail
 * @param {(request: import('./transaction.js').IncomingRequest) => void} defaultAnswer
 */
export function offerRequest(targets, request, detail, defaultAnswer) {
  let taken = false;
  for (const [target, type] of targets) {
    const event = target.emit(type, { request, message: request.message, ...detail }, true);
    taken ||= event.defaultPrevented;
  }
  if (!taken && request.lastResponse === null) defaultAnswer(request);
}
