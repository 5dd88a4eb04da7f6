// Local media and the WebRTC details that do not depend on signalling.

/**
 * Camera and microphone, or what of them the browser grants: audio and video, else audio only, else nothing (the
 * call still connects and receives the other side).
 * @returns {Promise<MediaStream | null>}
 */
export async function openLocalMedia() {
  const attempts = [
    { audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } },
    { audio: true, video: false },
  ];
  for (const constraints of attempts) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch {
      // Denied or no such device: try with less.
    }
  }
  return null;
}

/** Stops every track of a stream (the camera light goes off). */
export function closeLocalMedia(stream) {
  for (const track of stream?.getTracks() ?? []) {
    track.stop();
  }
}

/**
 * Waits until the peer connection has gathered all its ICE candidates, so that its local description can travel
 * whole in one JSIP message (JSIP carries one SDP per INVITE or 200: no trickle ICE). A STUN or TURN server that does
 * not answer must not hold the call: after `timeoutMs` the candidates found so far are used.
 */
export function iceGatheringComplete(peerConnection, timeoutMs = 5000) {
  if (peerConnection.iceGatheringState === 'complete') {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      peerConnection.removeEventListener('icegatheringstatechange', onChange);
      resolve();
    };
    const onChange = () => {
      if (peerConnection.iceGatheringState === 'complete') {
        finish();
      }
    };
    const timer = setTimeout(finish, timeoutMs);
    peerConnection.addEventListener('icegatheringstatechange', onChange);
  });
}
