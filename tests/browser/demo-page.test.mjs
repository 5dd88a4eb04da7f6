// The demo page end to end: a real all-in-one node, headless Chromium with fake camera and microphone, two users in
// two browser contexts. They join one room, chat both ways, call each other (a real WebRTC call whose SDP travels in
// JSIP INVITE/200/ACK through the call SLP) and hang up. Each step leaves a screenshot in artifacts/.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AllInOneNode } from './lib/all-in-one-node.mjs';

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
];

/** Room refreshes come every 5 s: a member list must be right within two of them. */
const MEMBERS_TIMEOUT_MS = 12_000;
const STEP_TIMEOUT_MS = 10_000;

const ALEX = 'Alex@gortc.com';
const BOB = 'Bob@gortc.com';

describe('demo page', { timeout: 110_000 }, () => {
  let node;
  let browser;
  /** @type {import('playwright-core').Page} */
  let alex;
  /** @type {import('playwright-core').Page} */
  let bob;
  let step = 0;

  /** Saves one screenshot per page for the current step: artifacts/NN-name-user.png. */
  async function screenshots(name) {
    step += 1;
    const prefix = `${String(step).padStart(2, '0')}-${name}`;
    await alex.screenshot({ path: path.join(artifacts, `${prefix}-alex.png`) });
    await bob.screenshot({ path: path.join(artifacts, `${prefix}-bob.png`) });
  }

  async function openPage() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    // A step that cannot happen fails in seconds, not at Playwright's 30 s default.
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.errors = errors;
    await page.goto(node.pageUrl);
    return page;
  }

  before(async () => {
    await mkdir(artifacts, { recursive: true });
    node = await AllInOneNode.start({ logFile: path.join(artifacts, 'node.log') });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    alex = await openPage();
    bob = await openPage();
  });

  after(async () => {
    await browser?.close();
    await node?.stop();
  });

  it('is served by the gateway, with no ICE servers unless configured', async () => {
    const settings = await (await fetch(new URL('demo-settings.json', node.pageUrl))).json();
    assert.deepEqual(settings, { iceServers: [] });
    assert.equal(await alex.title(), 'GoRtc demo — chat and calls over JSIP');
    assert.equal(await alex.locator('#sign-in').isVisible(), true);
  });

  it('two users connect and join one room, and each sees the other in it', async () => {
    await signIn(alex, ALEX);
    await signIn(bob, BOB);
    await joinRoom(alex, 'lobby');
    await joinRoom(bob, 'lobby');
    await expectMembers(alex, [ALEX, BOB]);
    await expectMembers(bob, [ALEX, BOB]);
    await screenshots('joined');
  });

  it('chat messages cross both ways', async () => {
    await sendChat(alex, 'Hi Bob! Ready for a call?');
    await expectMessage(bob, ALEX, 'Hi Bob! Ready for a call?');
    await sendChat(bob, 'Hi Alex, call me when you like.');
    await expectMessage(alex, BOB, 'Hi Alex, call me when you like.');
    await screenshots('chatted');
  });

  it('Alex calls Bob, Bob accepts: both are connected with the other\'s video playing', async () => {
    await alex.click(`#members button[data-call="${BOB}"]`);
    await bob.locator('#incoming').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.equal(await bob.textContent('#incoming-from'), ALEX);
    await waitForCallState(alex, 'ringing');
    await screenshots('ringing');

    await bob.click('#accept');
    await expectConnectedCall(alex, BOB);
    await expectConnectedCall(bob, ALEX);
    await screenshots('in-call');
  });

  it('Alex hangs up: both sides return to idle', async () => {
    await alex.click('#hang-up');
    await waitForCallState(alex, 'idle');
    await waitForCallState(bob, 'idle');
    assert.equal(await bob.textContent('#toast'), 'Alex hung up');
    assert.equal(await alex.textContent('#call-status'), 'Idle');
    await screenshots('hung-up');
  });

  it('Bob calls Alex, Alex declines: Bob is told, both are idle', async () => {
    await bob.click(`#members button[data-call="${ALEX}"]`);
    await alex.locator('#incoming').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await alex.click('#reject');
    await waitForCallState(bob, 'idle');
    await waitForCallState(alex, 'idle');
    assert.equal(await bob.textContent('#toast'), 'Alex declined the call');
    await screenshots('declined');
  });

  it('Bob calls Alex, Alex accepts and hangs up: both are idle', async () => {
    await bob.click(`#members button[data-call="${ALEX}"]`);
    await alex.locator('#incoming').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await alex.click('#accept');
    await expectConnectedCall(bob, ALEX);
    await expectConnectedCall(alex, BOB);
    await alex.click('#hang-up');
    await waitForCallState(bob, 'idle');
    await waitForCallState(alex, 'idle');
    assert.equal(await bob.textContent('#toast'), 'Alex hung up');
    await screenshots('callee-hung-up');
  });

  it('calling a user who is not connected is answered at once: not online', async () => {
    await alex.fill('#dial-id', 'Carol');
    await alex.click('#dial');
    await waitForCallState(alex, 'idle');
    assert.equal(await alex.textContent('#toast'), 'Carol is not online');
    await screenshots('not-online');
  });

  it('the same user id in another window takes over: the first page returns to sign-in and says why', async () => {
    const second = await openPage();
    await signIn(second, ALEX);
    await alex.waitForSelector('body[data-session="signed-out"]');
    assert.equal(await alex.textContent('#sign-in-error'), `${ALEX} connected somewhere else.`);
    assert.equal(await alex.textContent('#connection'), 'Offline');
    assert.equal(await alex.locator('#toast').isVisible(), false);
    await screenshots('taken-over');
    assert.deepEqual(second.errors, []);
  });

  it('ran without script errors on either page', () => {
    assert.deepEqual(alex.errors, []);
    assert.deepEqual(bob.errors, []);
  });
});

async function signIn(page, userId) {
  await page.fill('#user-id', userId);
  await page.click('#connect');
  await page.waitForSelector('body[data-session="signed-in"]', { timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.textContent('#me'), userId);
  assert.equal(await page.textContent('#connection'), 'Online');
}

async function joinRoom(page, name) {
  await page.fill('#room-name', name);
  await page.click('#join');
  await page.locator('#leave').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.textContent('#chat-room'), `room:${name}@gortc.com`);
}

async function expectMembers(page, ids) {
  await page.waitForFunction(
    (expected) => {
      const shown = [...document.querySelectorAll('#members li[data-member]')].map((item) => item.dataset.member).sort();
      return JSON.stringify(shown) === JSON.stringify([...expected].sort());
    },
    ids,
    { timeout: MEMBERS_TIMEOUT_MS },
  );
}

async function sendChat(page, text) {
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
  // Shown at once as pending, confirmed by the room's 200.
  await page.waitForFunction(
    (sent) => [...document.querySelectorAll('.message.mine:not(.pending):not(.failed) .bubble')].some((b) => b.textContent === sent),
    text,
    { timeout: STEP_TIMEOUT_MS },
  );
}

async function expectMessage(page, from, text) {
  await page.waitForFunction(
    ([sender, sent]) => [...document.querySelectorAll(`.message[data-from="${sender}"]:not(.mine) .bubble`)]
      .some((bubble) => bubble.textContent === sent),
    [from, text],
    { timeout: STEP_TIMEOUT_MS },
  );
}

async function waitForCallState(page, state) {
  await page.waitForSelector(`body[data-call="${state}"]`, { timeout: STEP_TIMEOUT_MS });
}

/** The call is up on this page: peer connection connected, the other side's video decoding and advancing. */
async function expectConnectedCall(page, peer) {
  await waitForCallState(page, 'connected');
  await page.waitForFunction(() => {
    const video = document.getElementById('remote-video');
    return video.videoWidth > 0 && video.currentTime > 0;
  }, null, { timeout: STEP_TIMEOUT_MS });
  const first = await mediaState(page);
  assert.equal(first.connectionState, 'connected');
  assert.ok(['connected', 'completed'].includes(first.iceConnectionState), first.iceConnectionState);
  assert.ok(first.videoWidth > 0 && first.videoHeight > 0, `remote video ${first.videoWidth}x${first.videoHeight}`);
  await page.waitForTimeout(600);
  const later = await mediaState(page);
  assert.ok(later.currentTime > first.currentTime, `remote video stalled at ${first.currentTime}s`);
  assert.equal(await page.textContent('#call-status'), `In a call with ${peer.split('@')[0]}`);
}

function mediaState(page) {
  return page.evaluate(() => {
    const pc = window.gortcDemo.peerConnection;
    const video = document.getElementById('remote-video');
    return {
      connectionState: pc?.connectionState,
      iceConnectionState: pc?.iceConnectionState,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      currentTime: video.currentTime,
    };
  });
}
