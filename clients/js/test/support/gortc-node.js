// Starts a real all-in-one GoRtc node (gateway with its own silo, no Redis) for the end-to-end tests: random free
// ports, a throw-away plugin store, short JSIP timers; the conformance SLP as `default`, the relay SLP as `relay`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Server-side transaction timeout (transtimer) of the test node, in ms. */
export const SERVER_TRANSACTION_TIMEOUT_MS = 2000;
/** Server-side provisional timeout (prtimer) of the test node, in ms. */
export const SERVER_PROVISIONAL_TIMEOUT_MS = 3000;

/** The gateway assembly: `$GORTC_GATEWAY_DLL`, else the build output of `$CONFIGURATION` (default Release). */
export function gatewayAssembly() {
  if (process.env.GORTC_GATEWAY_DLL) return process.env.GORTC_GATEWAY_DLL;
  const configuration = process.env.CONFIGURATION ?? 'Release';
  return join(repoRoot, 'src/Gateway/bin', configuration, 'net10.0/GoRtc.Gateway.dll');
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => res(port));
    });
  });
}

export class GoRtcNode {
  /** @type {import('node:child_process').ChildProcess | null} */
  #process = null;
  #output = [];
  rtcPort = 0;
  apiPort = 0;
  #clusterPorts = [0, 0];
  #store = mkdtempSync(join(tmpdir(), 'gortc-js-store-'));

  /** The WebSocket base URL (without `?userid=`). */
  get url() {
    return `ws://127.0.0.1:${this.rtcPort}/rtc`;
  }

  /** The last lines the node printed (for failure messages). */
  get output() {
    return this.#output.join('').slice(-4000);
  }

  static async start() {
    const node = new GoRtcNode();
    node.rtcPort = await freePort();
    node.apiPort = await freePort();
    node.#clusterPorts = [await freePort(), await freePort()];
    await node.#spawn();
    return node;
  }

  async #spawn() {
    const dll = gatewayAssembly();
    if (!existsSync(dll)) throw new Error(`${dll} is missing: run 'dotnet build GoRtc.sln -c Release' first`);
    const env = {
      ...process.env,
      DOTNET_ENVIRONMENT: 'Production',
      Logging__LogLevel__Default: 'Warning',
      Rtc__Port: String(this.rtcPort),
      Api__Port: String(this.apiPort),
      Cluster__SiloPort: String(this.#clusterPorts[0]),
      Cluster__GatewayPort: String(this.#clusterPorts[1]),
      Plugins__StoreDirectory: this.#store,
      Jsip__TransactionTimeout: '00:00:02',
      Jsip__ProvisionalTimeout: '00:00:03',
      Plugins__Slps__default__File: 'GoRtc.Samples.Conformance.dll',
      Plugins__Slps__relay__File: 'GoRtc.Samples.Relay.dll',
    };
    const child = spawn('dotnet', [dll], { cwd: dirname(dll), env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#process = child;
    const keep = (chunk) => {
      this.#output.push(chunk.toString());
      if (this.#output.length > 200) this.#output.splice(0, 100);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = new Promise((res) => child.once('exit', (code) => res(code)));
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      const early = await Promise.race([exited, sleep(200).then(() => undefined)]);
      if (early !== undefined) throw new Error(`The GoRtc node exited (${early}) before it was ready:\n${this.output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${this.apiPort}/healthz`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
    }
    await this.#kill();
    throw new Error(`The GoRtc node was not ready within 60 s:\n${this.output}`);
  }

  async #kill() {
    const child = this.#process;
    this.#process = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((res) => child.once('exit', res));
    child.kill('SIGTERM'); // The node exits at once on SIGTERM.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops the process and starts it again on the same ports (state in memory is lost, as after a crash). */
  async restart() {
    await this.#kill();
    await this.#spawn();
  }

  /** Stops the process only. */
  async stopProcess() {
    await this.#kill();
  }

  /** Starts the process again after stopProcess(). */
  async startProcess() {
    await this.#spawn();
  }

  async stop() {
    await this.#kill();
    rmSync(this.#store, { recursive: true, force: true });
  }
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((res) => setTimeout(res, ms));
}
