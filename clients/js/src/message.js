import { statusText } from './status.js';

/** Request types (the JSON `Type` of a request). */
export const METHODS = Object.freeze(['INVITE', 'ACK', 'BYE', 'CANCEL', 'REGISTER', 'OPTIONS', 'INFO', 'UPDATE',
  'PRACK', 'SUBSCRIBE', 'MESSAGE', 'NOTIFY']);

/** Headers the library writes itself; extra headers cannot replace them. */
const CORE = new Set(['Type', 'Request-URI', 'From', 'To', 'CSeq', 'DialogueID', 'Code', 'Desc']);

/** The largest CSeq the server accepts (2^32 - 1). */
export const MAX_CSEQ = 0xffffffff;

/**
 * Joins a Router given as a string or a list of URIs into the wire form (`a, b`).
 * @param {string | string[] | undefined | null} router
 * @returns {string | undefined}
 */
export function routerHeader(router) {
  if (router == null) return undefined;
  if (Array.isArray(router)) return router.length === 0 ? undefined : router.map((r) => String(r).trim()).join(', ');
  return String(router);
}

/**
 * Copies extra headers into a message, refusing the ones the library owns.
 * @param {Record<string, unknown>} message
 * @param {Record<string, unknown> | undefined} headers
 */
export function applyHeaders(message, headers) {
  if (!headers) return message;
  for (const [name, value] of Object.entries(headers)) {
    if (CORE.has(name)) throw new TypeError(`Header ${name} is written by the library; use the matching option`);
    if (value === undefined) continue;
    message[name] = value;
  }
  return message;
}

/**
 * Builds a request.
 * @param {object} fields
 * @param {string} fields.type
 * @param {string} fields.requestUri
 * @param {string} fields.from
 * @param {string} fields.to
 * @param {string} fields.dialogueId
 * @param {number} fields.cseq
 * @param {unknown} [fields.body]
 * @param {string | string[]} [fields.router]
 * @param {number} [fields.expire]
 * @param {number} [fields.relatedId]
 * @param {Record<string, unknown>} [fields.headers]
 * @returns {import('../types/index.js').JsipMessage}
 */
export function buildRequest({ type, requestUri, from, to, dialogueId, cseq, body, router, expire, relatedId, headers }) {
  if (!METHODS.includes(type)) throw new TypeError(`Unknown request type ${type}; one of ${METHODS.join(' ')}`);
  for (const [name, value] of [['Request-URI', requestUri], ['From', from], ['To', to]]) {
    if (typeof value !== 'string' || value.length === 0) throw new TypeError(`A request needs a non-empty ${name}`);
  }
  /** @type {Record<string, unknown>} */
  const message = {};
  applyHeaders(message, headers);
  message.Type = type;
  message['Request-URI'] = requestUri;
  message.From = from;
  message.To = to;
  message.DialogueID = dialogueId;
  message.CSeq = cseq;
  const routerValue = routerHeader(router);
  if (routerValue !== undefined) message.Router = routerValue;
  if (expire !== undefined) {
    if (!Number.isInteger(expire) || expire < 0) throw new RangeError('Expire is a whole number of seconds, 0 or more');
    message.Expire = expire;
  }
  if (relatedId !== undefined) message.RelatedID = relatedId;
  if (body !== undefined) message.Body = body;
  return /** @type {any} */ (message);
}

/**
 * Builds a response to a request: Type RESPONSE and the request's From, To, CSeq and DialogueID.
 * @param {import('../types/index.js').JsipMessage} request
 * @param {number} code
 * @param {{ body?: unknown, headers?: Record<string, unknown>, reason?: string }} [options]
 */
export function buildResponse(request, code, { body, headers, reason } = {}) {
  /** @type {Record<string, unknown>} */
  const message = {};
  applyHeaders(message, headers);
  message.Type = 'RESPONSE';
  message.Code = code;
  message.Desc = statusText(code);
  message.From = request.From;
  message.To = request.To;
  message.CSeq = request.CSeq;
  message.DialogueID = request.DialogueID;
  if (reason !== undefined) message.Reason = reason;
  if (body !== undefined) message.Body = body;
  return /** @type {any} */ (message);
}

/**
 * Parses one frame; returns null for anything that is not a JSIP message object.
 * @param {unknown} text
 * @returns {import('../types/index.js').JsipMessage | null}
 */
export function parseMessage(text) {
  if (typeof text !== 'string') return null;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  if (typeof value.Type !== 'string' || typeof value.DialogueID !== 'string' || typeof value.CSeq !== 'number') return null;
  if (value.Type === 'RESPONSE' ? typeof value.Code !== 'number' : !METHODS.includes(value.Type)) return null;
  return value;
}

/** @param {import('../types/index.js').JsipMessage} message */
export const isResponse = (message) => message.Type === 'RESPONSE';
