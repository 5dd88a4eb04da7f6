// One real GoRtc node per test file, and the clients a file opens against it: started before the file's tests,
// closed and stopped after them.
import { after, before } from 'node:test';
import { JsipClient } from '../../src/index.js';
import { GoRtcNode } from './gortc-node.js';
import { recordingWebSocket } from './helpers.js';

/**
 * Registers the file's before/after hooks and returns the session they fill in.
 * @returns {{ node: GoRtcNode, track: (client: JsipClient) => JsipClient,
 *   connect: (userId: string, options?: Partial<import('../../types/index.js').JsipClientOptions>) => Promise<{ client: JsipClient, log: any[] }> }}
 */
export function useNode() {
  /** @type {JsipClient[]} */
  const clients = [];
  const session = {
    /** @type {GoRtcNode} */
    node: /** @type {any} */ (undefined),
    /** @param {JsipClient} client */
    track(client) {
      clients.push(client);
      return client;
    },
    /** @param {string} userId @param {Partial<import('../../types/index.js').JsipClientOptions>} [options] */
    async connect(userId, options = {}) {
      const { WebSocket, log } = recordingWebSocket();
      const client = session.track(new JsipClient({ url: session.node.url, userId, WebSocket, ...options }));
      await client.connect();
      return { client, log };
    },
  };
  before(async () => {
    session.node = await GoRtcNode.start();
  });
  after(async () => {
    for (const c of clients) c.close();
    await session.node?.stop();
  });
  return session;
}
