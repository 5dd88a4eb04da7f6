export { JsipClient } from './client.js';
export { Call } from './call.js';
export { OutgoingCall } from './outgoing-call.js';
export { IncomingCall } from './incoming-call.js';
export { Subscription } from './subscription.js';
export { IncomingRequest, SYNTHETIC_HEADER } from './transaction.js';
export { Backoff } from './backoff.js';
export { statusText } from './status.js';
export { METHODS } from './message.js';
