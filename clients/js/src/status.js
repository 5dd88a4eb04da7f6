/** Response texts for the codes a client commonly sends. The server rewrites `Desc` anyway; this is for logs. */
const texts = new Map([
  [100, 'Trying'], [180, 'Ringing'], [181, 'Call Is Being Forwarded'], [182, 'Queued'], [183, 'Session Progress'],
  [200, 'OK'], [202, 'Accepted'],
  [400, 'Bad Request'], [401, 'Unauthorized'], [403, 'Forbidden'], [404, 'Not Found'], [405, 'Method Not Allowed'],
  [408, 'Request Timeout'], [480, 'Temporarily not available'], [481, 'Call Leg/Transaction Does Not Exist'],
  [486, 'Busy Here'], [487, 'Request Terminated'], [488, 'Not Acceptable Here'], [491, 'Request Pending'],
  [500, 'Server Internal Error'], [501, 'Not Implemented'], [503, 'Service Unavailable'],
  [600, 'Busy Everywhere'], [603, 'Decline'],
]);

/** @param {number} code */
export function statusText(code) {
  return texts.get(code) ?? (code < 200 ? 'Provisional' : code < 300 ? 'Success' : code < 400 ? 'Redirection'
    : code < 500 ? 'Client Error' : code < 600 ? 'Server Error' : 'Global Failure');
}

/** @param {number} code */
export const isProvisional = (code) => code >= 100 && code < 200;
/** @param {number} code */
export const isFinal = (code) => code >= 200 && code < 700;
/** @param {number} code */
export const isSuccess = (code) => code >= 200 && code < 300;

/** @param {unknown} code */
export function assertResponseCode(code) {
  if (!Number.isInteger(code) || /** @type {number} */ (code) < 100 || /** @type {number} */ (code) > 699) {
    throw new RangeError(`A response code is an integer 100..699, not ${String(code)}`);
  }
}
