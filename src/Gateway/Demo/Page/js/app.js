// The demo page: sign in with a user id, chat in a room, call someone. The JSIP side lives in the GoRtc client
// library (served at /lib/gortc/), the room in room.js, the call in call.js; this module only drives the page.
import { JsipClient } from '/lib/gortc/index.js';
import { ChatRoom } from './room.js';
import { CallSession } from './call.js';
import { avatarColour, displayName, initials, normaliseUserId, suggestUserId } from './identity.js';

const $ = (id) => document.getElementById(id);

const ui = {
  connection: $('connection'),
  me: $('me'),
  signOut: $('sign-out'),
  signIn: $('sign-in'),
  signInForm: $('sign-in-form'),
  userId: $('user-id'),
  connect: $('connect'),
  signInError: $('sign-in-error'),
  workspace: $('workspace'),
  roomForm: $('room-form'),
  roomName: $('room-name'),
  join: $('join'),
  leave: $('leave'),
  roomState: $('room-state'),
  members: $('members'),
  memberCount: $('member-count'),
  dialForm: $('dial-form'),
  dialId: $('dial-id'),
  dial: $('dial'),
  remoteVideo: $('remote-video'),
  localVideo: $('local-video'),
  remoteLabel: $('remote-label'),
  stageAvatar: $('stage-avatar'),
  stageTitle: $('stage-title'),
  stageHint: $('stage-hint'),
  callStatus: $('call-status'),
  callTimer: $('call-timer'),
  toggleMic: $('toggle-mic'),
  toggleCamera: $('toggle-camera'),
  hangUp: $('hang-up'),
  chatRoom: $('chat-room'),
  messages: $('messages'),
  chatForm: $('chat-form'),
  chatInput: $('chat-input'),
  send: $('send'),
  incoming: $('incoming'),
  incomingAvatar: $('incoming-avatar'),
  incomingFrom: $('incoming-from'),
  accept: $('accept'),
  reject: $('reject'),
  toast: $('toast'),
};

/** What the page is doing now. `window.gortcDemo` shows it to the browser tests and to the curious. */
const state = {
  /** @type {JsipClient | null} */
  client: null,
  userId: '',
  /** @type {ChatRoom | null} */
  room: null,
  /** @type {CallSession | null} */
  call: null,
  iceServers: [],
  callTimer: 0,
  toastTimer: 0,
};
window.gortcDemo = {
  get userId() { return state.userId; },
  get room() { return state.room; },
  get call() { return state.call; },
  get peerConnection() { return state.call?.peerConnection ?? null; },
};

// ---- Start -------------------------------------------------------------------------------------------------------

const query = new URLSearchParams(location.search);
ui.userId.value = query.get('user') ?? sessionStorage.getItem('gortc-demo-user') ?? suggestUserId();
if (query.get('room')) {
  ui.roomName.value = query.get('room');
}
loadIceServers().then((servers) => {
  state.iceServers = servers;
});

ui.signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  signIn(normaliseUserId(ui.userId.value));
});
ui.signOut.addEventListener('click', () => signOut());
ui.roomForm.addEventListener('submit', (event) => {
  event.preventDefault();
  joinRoom(ui.roomName.value.trim());
});
ui.leave.addEventListener('click', () => leaveRoom());
ui.chatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sendChat(ui.chatInput.value);
});
ui.dialForm.addEventListener('submit', (event) => {
  event.preventDefault();
  placeCall(normaliseUserId(ui.dialId.value));
});
ui.hangUp.addEventListener('click', () => state.call?.hangUp());
ui.accept.addEventListener('click', () => state.call?.accept());
ui.reject.addEventListener('click', () => state.call?.reject());
ui.toggleMic.addEventListener('click', () => toggleTrack('audio', ui.toggleMic, ['Mute', 'Unmute']));
ui.toggleCamera.addEventListener('click', () => toggleTrack('video', ui.toggleCamera, ['Stop video', 'Start video']));
window.addEventListener('pagehide', () => {
  // Leave the room and end the call on the way out, so the others see it at once.
  state.call?.hangUp();
  state.room?.leave();
});
ui.userId.focus();

/** The STUN/TURN servers the gateway is configured with (`Rtc:IceServers`); none on one machine or LAN. */
async function loadIceServers() {
  try {
    const response = await fetch('demo-settings.json', { cache: 'no-cache' });
    return response.ok ? (await response.json()).iceServers ?? [] : [];
  } catch {
    return [];
  }
}

// ---- Session -------------------------------------------------------------------------------------------------------

async function signIn(userId) {
  if (!userId) {
    return;
  }
  ui.signInError.textContent = '';
  ui.connect.disabled = true;
  setConnection('connecting', 'Connecting…');
  const url = new URL('rtc', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = new JsipClient({ url: url.href, userId, reconnect: true });
  client.addEventListener('open', () => {
    setConnection('online', 'Online');
    // Back after a reconnection: tell the room at once rather than at the next refresh.
    state.room?.refresh();
  });
  client.addEventListener('reconnecting', () => setConnection('connecting', 'Reconnecting…'));
  client.addEventListener('close', (event) => {
    if (state.client !== client || event.detail?.willReconnect) {
      return;
    }
    // Closed for good: another window took this user id over, or the node went away for longer than we retry.
    signOut(event.detail?.replaced ? `${userId} connected somewhere else.` : 'The connection closed.');
  });
  client.addEventListener('invite', (event) => onIncomingCall(event));
  client.addEventListener('message', (event) => onMessage(event));
  try {
    await client.connect();
  } catch (error) {
    ui.connect.disabled = false;
    setConnection('offline', 'Offline');
    ui.signInError.textContent = `Could not connect as ${userId}: ${describe(error)}`;
    return;
  }
  state.client = client;
  state.userId = userId;
  sessionStorage.setItem('gortc-demo-user', userId);
  ui.connect.disabled = false;
  ui.me.textContent = userId;
  ui.me.hidden = false;
  ui.signOut.hidden = false;
  ui.signIn.hidden = true;
  ui.workspace.hidden = false;
  document.body.dataset.session = 'signed-in';
  document.title = `${displayName(userId)} — GoRtc demo`;
  setConnection('online', 'Online');
  renderMembers([]);
  renderCallIdle();
  ui.roomName.focus();
}

async function signOut(reason = '') {
  const client = state.client;
  state.client = null;
  state.call?.hangUp();
  // Tell the room we are going, but do not wait long for its answer.
  await Promise.race([leaveRoom(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  client?.close();
  state.userId = '';
  ui.me.hidden = true;
  ui.signOut.hidden = true;
  ui.workspace.hidden = true;
  ui.signIn.hidden = false;
  ui.signInError.textContent = reason;
  hideToast();
  document.body.dataset.session = 'signed-out';
  document.title = 'GoRtc demo — chat and calls over JSIP';
  setConnection('offline', 'Offline');
}

function setConnection(status, text) {
  ui.connection.dataset.status = status;
  ui.connection.textContent = text;
}

// ---- Room and chat ---------------------------------------------------------------------------------------------------

async function joinRoom(name) {
  if (!name || !state.client) {
    return;
  }
  if (state.room) {
    await leaveRoom();
  }
  const room = new ChatRoom(state.client, { userId: state.userId, name });
  room.addEventListener('members', (event) => renderMembers(event.detail.members));
  room.addEventListener('message', (event) => addMessage(event.detail));
  room.addEventListener('lost', (event) => {
    showToast(`Lost the room: ${event.detail.reason}`);
    roomLeft();
  });
  ui.join.disabled = true;
  try {
    await room.join();
  } catch (error) {
    ui.join.disabled = false;
    showToast(`Could not join ${name}: ${describe(error)}`);
    return;
  }
  state.room = room;
  ui.join.hidden = true;
  ui.join.disabled = false;
  ui.leave.hidden = false;
  ui.roomName.disabled = true;
  ui.roomState.hidden = false;
  ui.roomState.textContent = `#${name}`;
  ui.chatRoom.textContent = room.id;
  ui.chatInput.disabled = false;
  ui.send.disabled = false;
  ui.chatInput.placeholder = `Message #${name}`;
  ui.messages.replaceChildren();
  addNotice(`You joined #${name}`);
  ui.chatInput.focus();
}

async function leaveRoom() {
  const room = state.room;
  if (!room) {
    return;
  }
  roomLeft();
  await room.leave().catch(() => {});
}

function roomLeft() {
  state.room?.close();
  state.room = null;
  ui.join.hidden = false;
  ui.leave.hidden = true;
  ui.roomName.disabled = false;
  ui.roomState.hidden = true;
  ui.chatRoom.textContent = '';
  ui.chatInput.disabled = true;
  ui.send.disabled = true;
  ui.chatInput.placeholder = 'Join a room to chat';
  renderMembers([]);
}

function onMessage(event) {
  // Room messages reach the room (it answers them); anything else is answered by the library.
  state.room?.receive(event);
}

async function sendChat(text) {
  const room = state.room;
  if (!room || text.trim().length === 0) {
    return;
  }
  ui.chatInput.value = '';
  const item = addMessage({ from: state.userId, text, mine: true, pending: true });
  try {
    await room.send(text);
    item.classList.remove('pending');
  } catch (error) {
    item.classList.remove('pending');
    item.classList.add('failed');
    item.title = `Not delivered: ${describe(error)}`;
  }
}

function renderMembers(members) {
  ui.memberCount.textContent = String(members.length);
  if (members.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = state.room ? 'Nobody here yet.' : 'Join a room to see who is here.';
    ui.members.replaceChildren(empty);
    return;
  }
  const sorted = [...members].sort((a, b) => (a.id === state.userId ? -1 : b.id === state.userId ? 1 : a.id.localeCompare(b.id)));
  ui.members.replaceChildren(...sorted.map((member) => {
    const item = document.createElement('li');
    item.dataset.member = member.id;
    item.append(avatar(member.id));
    const name = document.createElement('span');
    name.className = 'member-name';
    name.textContent = displayName(member.nickname || member.id);
    name.title = member.id;
    if (member.id === state.userId) {
      const you = document.createElement('small');
      you.textContent = '(you)';
      name.append(you);
    }
    item.append(name);
    if (member.id !== state.userId) {
      const call = document.createElement('button');
      call.type = 'button';
      call.className = 'btn small';
      call.textContent = 'Call';
      call.dataset.call = member.id;
      call.disabled = state.call !== null;
      call.addEventListener('click', () => placeCall(member.id));
      item.append(call);
    }
    return item;
  }));
}

function addMessage({ from, text, mine = false, pending = false }) {
  ui.messages.querySelector('.empty')?.remove();
  const item = document.createElement('li');
  item.className = `message${mine ? ' mine' : ''}${pending ? ' pending' : ''}`;
  item.dataset.from = from;
  const meta = document.createElement('div');
  meta.className = 'meta';
  const who = document.createElement('strong');
  who.textContent = mine ? 'You' : displayName(from);
  const time = document.createElement('span');
  time.textContent = ` · ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  meta.append(who, time);
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.textContent = text;
  item.append(meta, bubble);
  ui.messages.append(item);
  ui.messages.scrollTop = ui.messages.scrollHeight;
  return item;
}

function addNotice(text) {
  const item = document.createElement('li');
  item.className = 'message notice';
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.textContent = text;
  item.append(bubble);
  ui.messages.append(item);
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

// ---- Calls -----------------------------------------------------------------------------------------------------------

async function placeCall(peer) {
  if (!state.client || state.call || !peer) {
    return;
  }
  if (peer === state.userId) {
    showToast('That is you: call someone else.');
    return;
  }
  ui.dialId.value = '';
  const call = CallSession.dial(state.client, { peer, iceServers: state.iceServers });
  adoptCall(call);
}

function onIncomingCall(event) {
  const call = CallSession.incoming(event, { iceServers: state.iceServers, busy: state.call !== null });
  if (call) {
    adoptCall(call);
  }
}

function adoptCall(call) {
  state.call = call;
  hideToast();
  call.addEventListener('localstream', () => {
    ui.localVideo.srcObject = call.localStream;
  });
  call.addEventListener('remotestream', () => {
    ui.remoteVideo.srcObject = call.remoteStream;
    // The click that placed or accepted the call lets it play with sound.
    ui.remoteVideo.play().catch(() => {});
  });
  call.addEventListener('statechange', () => renderCall(call));
  renderCall(call);
}

const CALL_TEXT = {
  calling: (peer) => [`Calling ${peer}…`, 'Waiting for an answer.'],
  ringing: (peer) => [`Ringing ${peer}…`, 'Their page is ringing.'],
  incoming: (peer) => [`${peer} is calling`, 'Accept or decline.'],
  connecting: (peer) => [`Connecting to ${peer}…`, 'Setting up audio and video.'],
  connected: (peer) => [`In a call with ${peer}`, ''],
};

function renderCall(call) {
  if (call !== state.call) {
    return;
  }
  document.body.dataset.call = call.state;
  const peer = displayName(call.peer);
  if (call.state === 'ended') {
    endCallUi(call);
    return;
  }
  const [title, hint] = CALL_TEXT[call.state](peer);
  ui.callStatus.textContent = title;
  ui.stageTitle.textContent = title;
  ui.stageHint.textContent = hint;
  setAvatar(ui.stageAvatar, call.peer);
  ui.hangUp.disabled = call.state === 'incoming';
  ui.dial.disabled = true;
  ui.toggleMic.disabled = ui.toggleCamera.disabled = !call.localStream;
  ui.incoming.hidden = call.state !== 'incoming';
  if (call.state === 'incoming') {
    ui.incomingFrom.textContent = call.peer;
    setAvatar(ui.incomingAvatar, call.peer);
    ui.accept.focus();
  }
  ui.remoteLabel.hidden = call.state !== 'connected';
  ui.remoteLabel.textContent = call.peer;
  if (call.state === 'connected' && !state.callTimer) {
    const started = Date.now();
    ui.callTimer.hidden = false;
    const tick = () => {
      const seconds = Math.floor((Date.now() - started) / 1000);
      ui.callTimer.textContent = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
    };
    tick();
    state.callTimer = setInterval(tick, 1000);
  }
  refreshCallButtons();
}

function endCallUi(call) {
  state.call = null;
  ui.incoming.hidden = true;
  clearInterval(state.callTimer);
  state.callTimer = 0;
  ui.remoteVideo.srcObject = null;
  ui.localVideo.srcObject = null;
  if (call.endReason) {
    showToast(call.endReason);
  }
  renderCallIdle();
  document.body.dataset.call = 'idle';
}

function renderCallIdle() {
  ui.callStatus.textContent = 'Idle';
  ui.callTimer.hidden = true;
  ui.stageTitle.textContent = 'No call';
  ui.stageHint.textContent = 'Call someone from the room, or wait for a call.';
  ui.stageAvatar.textContent = '';
  ui.stageAvatar.style.removeProperty('--avatar');
  ui.remoteLabel.hidden = true;
  ui.hangUp.disabled = true;
  ui.dial.disabled = false;
  for (const [button, text] of [[ui.toggleMic, 'Mute'], [ui.toggleCamera, 'Stop video']]) {
    button.disabled = true;
    button.setAttribute('aria-pressed', 'false');
    button.textContent = text;
  }
  refreshCallButtons();
}

function refreshCallButtons() {
  for (const button of ui.members.querySelectorAll('button[data-call]')) {
    button.disabled = state.call !== null;
  }
}

function toggleTrack(kind, button, [onText, offText]) {
  const tracks = state.call?.localStream?.getTracks().filter((track) => track.kind === kind) ?? [];
  if (tracks.length === 0) {
    return;
  }
  const off = button.getAttribute('aria-pressed') !== 'true';
  for (const track of tracks) {
    track.enabled = !off;
  }
  button.setAttribute('aria-pressed', String(off));
  button.textContent = off ? offText : onText;
}

// ---- Small helpers ---------------------------------------------------------------------------------------------------

function avatar(id) {
  const element = document.createElement('span');
  element.className = 'avatar';
  setAvatar(element, id);
  return element;
}

function setAvatar(element, id) {
  element.textContent = initials(id);
  element.style.setProperty('--avatar', avatarColour(id));
}

function hideToast() {
  clearTimeout(state.toastTimer);
  ui.toast.hidden = true;
}

function showToast(text) {
  ui.toast.textContent = text;
  ui.toast.hidden = false;
  clearTimeout(state.toastTimer);
  state.toastTimer = setTimeout(() => {
    ui.toast.hidden = true;
  }, 4000);
}

/** A readable reason for a failed request: the JSIP response's code and text when there is one. */
function describe(error) {
  const response = error?.response;
  if (response?.Code) {
    return `${response.Code} ${response.Reason ?? response.Desc ?? ''}`.trim();
  }
  return error?.message ?? String(error);
}
