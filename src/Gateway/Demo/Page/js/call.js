// One audio/video call: a browser RTCPeerConnection whose offer and answer travel whole in JSIP — the offer in the
// INVITE, the answer in its 200 — through the `call` SLP. JSIP carries one SDP per message, so each side gathers all
// its ICE candidates before sending its description (no trickle ICE).
import { displayName } from './identity.js';
import { closeLocalMedia, iceGatheringComplete, openLocalMedia } from './media.js';

/** The call SLP, chosen by the Router of the INVITE. */
export const CALL_ROUTER = 'gortc.com;type=call';

const SDP = 'application/sdp';

/** What the caller is told for the callee's final answer. */
const REFUSALS = {
  404: 'is not known here',
  408: 'did not answer',
  480: 'is not online',
  486: 'is busy',
  487: 'call cancelled',
  603: 'declined the call',
};

/** What the user is told when the library ends the call by itself. */
const ENDINGS = {
  'client-closed': 'The connection closed: call ended',
  gone: 'The call was lost',
  failed: 'The call failed',
};

/**
 * States: `calling` → `ringing` → `connecting` → `connected` → `ended` for a call we make; `incoming` → `connecting`
 * → `connected` → `ended` for one we take. Events: `statechange`, `localstream`, `remotestream`.
 * `endReason` says why it ended, for the user; null when this side simply hung up.
 */
export class CallSession extends EventTarget {
  /** @type {'calling' | 'ringing' | 'incoming' | 'connecting' | 'connected' | 'ended'} */
  state;
  /** @type {string | null} */
  endReason = null;
  /** @type {RTCPeerConnection | null} */
  peerConnection = null;
  /** @type {MediaStream | null} */
  localStream = null;
  /** @type {MediaStream | null} */
  remoteStream = null;
  /** The JSIP call of the library (outgoing or incoming). */
  jsip = null;
  #iceServers;

  constructor({ peer, direction, state, iceServers }) {
    super();
    this.peer = peer;
    this.direction = direction;
    this.state = state;
    this.#iceServers = iceServers;
  }

  /**
   * Calls `peer`: camera and microphone, an offer with all its candidates, then the INVITE.
   * @param {import('/lib/gortc/index.js').JsipClient} client
   * @param {{ peer: string, iceServers: RTCIceServer[] }} options
   */
  static dial(client, { peer, iceServers }) {
    const session = new CallSession({ peer, direction: 'outgoing', state: 'calling', iceServers });
    session.#dial(client);
    return session;
  }

  /**
   * Takes an incoming INVITE (the client's `invite` event): rings, and waits for accept() or reject(). A second call
   * while one is going on is answered 486 Busy Here, and null is returned.
   * @param {CustomEvent} event
   * @param {{ iceServers: RTCIceServer[], busy: boolean }} options
   */
  static incoming(event, { iceServers, busy }) {
    const jsip = event.detail.call;
    if (busy) {
      jsip.reject(486);
      return null;
    }
    const session = new CallSession({ peer: jsip.peer, direction: 'incoming', state: 'incoming', iceServers });
    session.jsip = jsip;
    session.#offer = typeof jsip.invite.Body === 'string' ? jsip.invite.Body : '';
    session.#watch(jsip);
    jsip.ring();
    return session;
  }

  #offer = '';

  /** Accepts an incoming call: answers the offer with our media, all candidates gathered, in the 200. */
  async accept() {
    if (this.state !== 'incoming') {
      return;
    }
    this.#setState('connecting');
    try {
      await this.#openPeerConnection();
      await this.peerConnection.setRemoteDescription({ type: 'offer', sdp: this.#offer });
      await this.peerConnection.setLocalDescription(await this.peerConnection.createAnswer());
      await iceGatheringComplete(this.peerConnection);
      if (this.state === 'ended') {
        return;
      }
      this.jsip.accept(this.peerConnection.localDescription.sdp, { headers: { 'Content-Type': SDP } }).catch(() => {});
    } catch (error) {
      this.hangUp(`Could not answer: ${error.message}`);
    }
  }

  /** Declines an incoming call (603 Decline). */
  reject() {
    if (this.state === 'incoming') {
      this.hangUp();
    }
  }

  /**
   * Ends the call from this side, whatever its state: 603 Decline while it rings here, CANCEL while ours rings there,
   * BYE once answered. `reason` is what the user is told (none when they hung up themselves).
   */
  hangUp(reason = null) {
    if (this.state === 'ended') {
      return;
    }
    const ringingHere = this.state === 'incoming';
    const jsip = this.jsip;
    this.#end(reason);
    if (!jsip || jsip.state === 'ended') {
      return;
    }
    const done = () => {};
    if (jsip.state === 'answered') {
      jsip.bye().catch(done);
    } else if (this.direction === 'outgoing') {
      jsip.cancel().catch(done);
    } else {
      // Ours to answer: declined, or we could not make an answer (488 Not Acceptable Here).
      jsip.reject(ringingHere ? 603 : 488);
    }
  }

  async #dial(client) {
    try {
      await this.#openPeerConnection();
      await this.peerConnection.setLocalDescription(await this.peerConnection.createOffer());
      await iceGatheringComplete(this.peerConnection);
      if (this.state === 'ended') {
        return;
      }
      const jsip = client.invite(this.peer, {
        router: CALL_ROUTER,
        body: this.peerConnection.localDescription.sdp,
        headers: { 'Content-Type': SDP },
      });
      this.jsip = jsip;
      this.#watch(jsip);
      jsip.addEventListener('progress', () => {
        if (this.state === 'calling') {
          this.#setState('ringing');
        }
      });
      const response = await jsip.response;
      if (this.state === 'ended') {
        return;
      }
      if (response.Code >= 200 && response.Code < 300) {
        this.#setState('connecting');
        await this.peerConnection.setRemoteDescription({ type: 'answer', sdp: String(response.Body ?? '') });
        return;
      }
      const refusal = REFUSALS[response.Code] ?? `answered ${response.Code} ${response.Desc ?? ''}`.trim();
      this.#end(`${displayName(this.peer)} ${refusal}`);
    } catch (error) {
      this.hangUp(`Call failed: ${error.message}`);
    }
  }

  /** Follows the JSIP call: the other side hanging up (BYE), withdrawing (CANCEL), or the call ending otherwise. */
  #watch(jsip) {
    jsip.addEventListener('cancel', () => this.#end(`Missed call from ${displayName(this.peer)}`));
    jsip.addEventListener('bye', () => this.#end(`${displayName(this.peer)} hung up`));
    jsip.addEventListener('ended', (event) => {
      const reason = event.detail?.reason;
      if (this.state === 'ended' || reason === 'bye') {
        return;
      }
      if (this.direction === 'outgoing' && ['rejected', 'cancelled', 'timeout'].includes(reason)) {
        return; // The INVITE's final response says why (see #dial).
      }
      this.#end(ENDINGS[reason] ?? 'The call ended');
    });
  }

  async #openPeerConnection() {
    this.localStream = await openLocalMedia();
    if (this.state === 'ended') {
      closeLocalMedia(this.localStream);
      throw new Error('The call ended');
    }
    this.dispatchEvent(new Event('localstream'));
    const pc = new RTCPeerConnection({ iceServers: this.#iceServers });
    this.peerConnection = pc;
    if (this.localStream) {
      for (const track of this.localStream.getTracks()) {
        pc.addTrack(track, this.localStream);
      }
    }
    // Receive audio and video even without a camera or microphone of our own.
    for (const kind of ['audio', 'video']) {
      if (!this.localStream?.getTracks().some((track) => track.kind === kind)) {
        pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
    pc.addEventListener('track', (event) => {
      this.remoteStream = event.streams[0] ?? new MediaStream([event.track]);
      this.dispatchEvent(new Event('remotestream'));
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'connected' && this.state === 'connecting') {
        this.#setState('connected');
      } else if (pc.connectionState === 'failed' && this.state !== 'ended') {
        this.hangUp('Audio and video could not connect (a STUN or TURN server may be needed)');
      }
    });
  }

  #end(reason) {
    if (this.state === 'ended') {
      return;
    }
    this.endReason = reason;
    this.peerConnection?.close();
    closeLocalMedia(this.localStream);
    this.#setState('ended');
  }

  #setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('statechange', { detail: { state } }));
  }
}
