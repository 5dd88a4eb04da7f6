// Type declarations for @gortc/client. Kept by hand in step with src/ (see the JSDoc there).

/** One JSIP message as it travels: a JSON object whose keys are the header names. */
export interface JsipMessage {
  /** A request type (`INVITE`, `MESSAGE`, ...) or `RESPONSE`. */
  Type: JsipRequestType | 'RESPONSE';
  'Request-URI'?: string;
  From: string;
  To: string;
  CSeq: number;
  DialogueID: string;
  /** Responses only: 100..699. */
  Code?: number;
  /** Responses only: the server rewrites it from the code. */
  Desc?: string;
  Router?: string;
  Body?: unknown;
  RelatedID?: number;
  Expire?: number;
  'P-Asserted-Identity'?: string;
  'Content-Type'?: string;
  /** Present on a response to explain it (e.g. the server's 400 or the library's timeout). */
  Reason?: string;
  /** `true` on a response the library made up itself (a local transaction timeout). */
  Synthetic?: boolean;
  [header: string]: unknown;
}

export type JsipRequestType =
  | 'INVITE' | 'ACK' | 'BYE' | 'CANCEL' | 'REGISTER' | 'OPTIONS' | 'INFO' | 'UPDATE' | 'PRACK' | 'SUBSCRIBE'
  | 'MESSAGE' | 'NOTIFY';

export const METHODS: readonly JsipRequestType[];

/** Extra headers: any JSON values, except the ones the library writes itself (Type, From, To, CSeq, ...). */
export type Headers = Record<string, unknown>;

export interface WebSocketLike {
  readonly readyState: number;
  readonly url: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: any) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface JsipClientOptions {
  /** The WebSocket endpoint, e.g. `ws://host:8080/rtc`; `userid` is added to its query. */
  url: string;
  /** The userid to connect as (e.g. `Alex@gortc.com`); also the `From` of requests unless given. */
  userId: string;
  /** Reconnect after an unexpected close (default true). */
  reconnect?: boolean;
  /** First reconnection delay in ms (default 500); doubles per attempt, with jitter. */
  reconnectDelayMs?: number;
  /** Longest reconnection delay in ms (default 30000). */
  maxReconnectDelayMs?: number;
  /** Time a request may wait for its first response, in ms (default 32000). */
  transactionTimeoutMs?: number;
  /** Time a request may wait after each provisional response, in ms (default 180000). */
  provisionalTimeoutMs?: number;
  /** The `Expire` (seconds) of outgoing INVITEs, i.e. the session timer; 0 turns refreshing off (default 600). */
  sessionExpire?: number;
  /** Headers added to every request this client sends (e.g. `P-Asserted-Identity`). */
  headers?: Headers;
  /** How many messages may wait while the socket is down (default 1000). */
  maxQueuedMessages?: number;
  /** The WebSocket constructor (default: the global `WebSocket`). */
  WebSocket?: WebSocketConstructor | typeof globalThis.WebSocket;
  /** Randomness for the back-off jitter (default `Math.random`). */
  random?: () => number;
}

export interface SendOptions {
  /** The Request-URI, when it differs from To. */
  requestUri?: string;
  /** The From, when it differs from the userId. */
  from?: string;
  body?: unknown;
  /** The Router header: one URI string (`gortc.com;type=relay`) or a list of URIs. */
  router?: string | string[];
  /** The `Expire` header, in seconds. */
  expire?: number;
  headers?: Headers;
  /** Called with each provisional response. */
  onProvisional?: (response: JsipMessage) => void;
  /** Overrides `transactionTimeoutMs` for this request. */
  timeoutMs?: number;
}

export interface RequestOptions extends SendOptions {
  type: Exclude<JsipRequestType, 'INVITE' | 'ACK' | 'CANCEL'>;
  to: string;
  /** Send within this dialogue (its next CSeq); default: a new dialogue. */
  dialogueId?: string;
}

export interface MessageOptions extends SendOptions {
  dialogueId?: string;
}

export interface InviteOptions extends SendOptions {
  /** ACK a 2xx at once (default true); with false, call `call.ack(body)`. */
  autoAck?: boolean;
}

export interface SubscribeOptions extends Omit<SendOptions, 'expire' | 'onProvisional'> {
  /** Seconds asked for (default 600). */
  expire?: number;
  /** Renew before expiry (default true). */
  refresh?: boolean;
  /** The To, when it differs from the URI. */
  to?: string;
}

export interface InDialogueOptions {
  body?: unknown;
  headers?: Headers;
  requestUri?: string;
  timeoutMs?: number;
  onProvisional?: (response: JsipMessage) => void;
}

export interface RespondOptions {
  body?: unknown;
  headers?: Headers;
  /** Written as the `Reason` header. */
  reason?: string;
}

/** A request received from the server, to be answered once with a final response. */
export class IncomingRequest {
  readonly message: JsipMessage;
  readonly method: JsipRequestType;
  readonly dialogueId: string;
  readonly cseq: number;
  readonly from: string;
  readonly to: string;
  readonly body: unknown;
  /** True once a final response was sent. */
  readonly answered: boolean;
  lastResponse: JsipMessage | null;
  /** Sends a response (provisional any number of times, final once); returns it. */
  respond(code: number, options?: RespondOptions): JsipMessage;
}

export interface RequestEventDetail {
  request: IncomingRequest;
  message: JsipMessage;
  call?: Call;
  subscription?: Subscription;
}

export interface InviteEventDetail {
  call: IncomingCall;
  request: IncomingRequest;
  message: JsipMessage;
}

export interface CloseEventDetail {
  code: number;
  reason: string;
  /** True when the client will reconnect by itself. */
  willReconnect: boolean;
  /** True when the server closed the socket because another connection of the same userid took over. */
  replaced: boolean;
}

interface TypedEventTarget<M> extends EventTarget {
  addEventListener<K extends keyof M & string>(type: K, listener: (event: CustomEvent<M[K]>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof M & string>(type: K, listener: (event: CustomEvent<M[K]>) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

export interface JsipClientEventMap {
  open: { reconnected: boolean };
  close: CloseEventDetail;
  reconnecting: { attempt: number; delayMs: number };
  reconnected: { attempts: number };
  /** A new call. Nobody listening (to `invite` nor `request`) means the library answers 480. */
  invite: InviteEventDetail;
  /** A MESSAGE outside a call or subscription; cancelable (preventDefault to answer later), default answer 200. */
  message: RequestEventDetail;
  options: RequestEventDetail;
  subscribe: RequestEventDetail;
  register: RequestEventDetail;
  /** Every request offered to the application, after its specific event. */
  request: RequestEventDetail & { call?: Call };
  /** A frame that is not a JSIP message. */
  error: { error: Error; data?: unknown };
}

declare const JsipClient_base: { new (): TypedEventTarget<JsipClientEventMap> };

export class JsipClient extends JsipClient_base {
  constructor(options: JsipClientOptions);
  readonly userId: string;
  readonly state: 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
  readonly socket: WebSocketLike | null;
  /** Opens the connection; rejects if the first attempt fails. */
  connect(): Promise<void>;
  /** Closes for good: no reconnection, pending requests reject. */
  close(): void;
  /** Sends any request; resolves with the final response (a synthetic 408 on timeout). */
  request(options: RequestOptions): Promise<JsipMessage>;
  message(to: string, body: unknown, options?: MessageOptions): Promise<JsipMessage>;
  subscribe(uri: string, options?: SubscribeOptions): Subscription;
  invite(to: string, options?: InviteOptions): OutgoingCall;
  hasListener(type: string): boolean;
}

export interface CallEventMap {
  progress: { response: JsipMessage };
  answered: { response: JsipMessage | null };
  ack: { message: JsipMessage };
  cancel: { request: IncomingRequest; message: JsipMessage };
  bye: { request: IncomingRequest; message: JsipMessage };
  ended: { reason: string };
  /** Cancelable; default answer 200. */
  reinvite: RequestEventDetail;
  /** An early UPDATE (before the answer); cancelable, default 200. */
  update: RequestEventDetail;
  info: RequestEventDetail;
  prack: RequestEventDetail;
  /** A session refresh: an UPDATE the library answered (incoming) or whose 200 came back (outgoing). */
  refresh: { request?: IncomingRequest; message?: JsipMessage; response?: JsipMessage };
  request: RequestEventDetail;
}

declare const Call_base: { new (): TypedEventTarget<CallEventMap> };

export class Call extends Call_base {
  readonly client: JsipClient;
  /** The DialogueID. */
  readonly id: string;
  readonly state: 'calling' | 'incoming' | 'early' | 'answered' | 'ended';
  readonly ended: boolean;
  readonly endReason: string | null;
  /** The initial INVITE. */
  readonly invite: JsipMessage;
  readonly peer: string;
  bye(options?: InDialogueOptions): Promise<JsipMessage>;
  info(body: unknown, options?: InDialogueOptions): Promise<JsipMessage>;
  update(body: unknown, options?: InDialogueOptions): Promise<JsipMessage>;
  reinvite(body: unknown, options?: InDialogueOptions & { ackBody?: unknown }): Promise<JsipMessage>;
  request(type: JsipRequestType, options?: InDialogueOptions): Promise<JsipMessage>;
  hasListener(type: string): boolean;
}

export class OutgoingCall extends Call {
  /** The final response to the INVITE (a synthetic 408 on timeout). */
  readonly response: Promise<JsipMessage>;
  readonly answer: JsipMessage | null;
  readonly acked: boolean;
  /** ACKs the 2xx (with autoAck: false); false if already ACKed. */
  ack(body?: unknown): boolean;
  /** Cancels before the final response; resolves with the CANCEL's response. */
  cancel(): Promise<JsipMessage>;
}

export class IncomingCall extends Call {
  /** The INVITE as a request (answered through ring/accept/reject). */
  readonly inviteRequest: IncomingRequest;
  readonly body: unknown;
  ring(options?: { code?: number; body?: unknown; headers?: Headers }): void;
  /** Sends 2xx; resolves with the ACK. */
  accept(body?: unknown, options?: { code?: number; headers?: Headers }): Promise<JsipMessage>;
  reject(code?: number, options?: RespondOptions): void;
}

export interface SubscriptionEventMap {
  active: { response: JsipMessage };
  refresh: { response: JsipMessage };
  /** Cancelable; default answer 200. */
  notify: RequestEventDetail;
  terminated: { reason: string; response?: JsipMessage };
  request: RequestEventDetail;
}

declare const Subscription_base: { new (): TypedEventTarget<SubscriptionEventMap> };

export class Subscription extends Subscription_base {
  readonly client: JsipClient;
  readonly id: string;
  readonly state: 'pending' | 'active' | 'terminated';
  readonly ended: boolean;
  /** The final response to the first SUBSCRIBE. */
  readonly response: Promise<JsipMessage>;
  /** SUBSCRIBEs sent so far, the first included. */
  readonly sent: number;
  renew(): Promise<JsipMessage>;
  unsubscribe(): Promise<JsipMessage>;
  hasListener(type: string): boolean;
}

export class Backoff {
  constructor(options?: { initialDelayMs?: number; maxDelayMs?: number; multiplier?: number; jitter?: number; random?: () => number });
  readonly attempt: number;
  next(): number;
  reset(): void;
}

export const SYNTHETIC_HEADER: 'Synthetic';
export function statusText(code: number): string;
