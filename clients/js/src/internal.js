/** Key of the client's internal interface used by calls and subscriptions (not part of the public API). */
export const internal = Symbol('JsipClient.internal');
