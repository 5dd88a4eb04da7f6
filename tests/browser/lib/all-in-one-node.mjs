// A real all-in-one GoRtc node (gateway with its own silo, no Redis) for the browser tests: the built gateway
// started with `dotnet`, on free loopback ports, with a plugin store of its own that is removed afterwards.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function distinctFreePorts(count) {
  const ports = new Set();
  while (ports.size < count) {
    ports.add(await freePort());
  }
  return [...ports];
}

/** A running node; `stop()` ends it (SIGTERM exits at once) and removes its plugin store. */
export class AllInOneNode {
  #child;
  #exited;
  #storeDirectory;
  #output = [];

  constructor({ child, exited, storeDirectory, rtcPort, apiPort }) {
    this.#child = child;
    this.#exited = exited;
    this.#storeDirectory = storeDirectory;
    this.rtcPort = rtcPort;
    this.apiPort = apiPort;
    this.pageUrl = `http://127.0.0.1:${rtcPort}/`;
    this.apiUrl = `http://127.0.0.1:${apiPort}/`;
  }

  /** The last lines the node printed, for failure messages. */
  get output() {
    return this.#output.join('\n');
  }

  static async start({ environment = {}, logFile } = {}) {
    const configuration = process.env.CONFIGURATION ?? 'Release';
    const assembly = path.join(repositoryRoot, 'src/Gateway/bin', configuration, 'net10.0/GoRtc.Gateway.dll');
    if (!existsSync(assembly)) {
      throw new Error(`${assembly} does not exist: build the solution first (dotnet build -c ${configuration}).`);
    }
    const [rtcPort, apiPort, siloPort, gatewayPort] = await distinctFreePorts(4);
    const storeDirectory = await mkdtemp(path.join(tmpdir(), 'gortc-browser-store-'));
    const child = spawn('dotnet', [assembly], {
      cwd: path.dirname(assembly),
      env: {
        ...process.env,
        DOTNET_ENVIRONMENT: 'Production',
        DOTNET_CLI_TELEMETRY_OPTOUT: '1',
        Logging__LogLevel__Default: 'Information',
        Rtc__Port: String(rtcPort),
        Api__Port: String(apiPort),
        Cluster__SiloPort: String(siloPort),
        Cluster__GatewayPort: String(gatewayPort),
        Plugins__StoreDirectory: storeDirectory,
        ...environment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // If this test process ends without stopping the node (a crash, Ctrl-C), the node must not outlive it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve({ code, signal });
    }));
    const node = new AllInOneNode({ child, exited, storeDirectory, rtcPort, apiPort });
    const log = logFile ? createWriteStream(logFile) : null;
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (text) => {
        log?.write(text);
        node.#output.push(...text.trimEnd().split('\n'));
        node.#output.splice(0, Math.max(0, node.#output.length - 200));
      });
    }
    exited.then(() => log?.end());
    try {
      await node.#waitUntilReady(60_000);
    } catch (error) {
      await node.stop();
      throw error;
    }
    return node;
  }

  async #waitUntilReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let stopped = false;
    this.#exited.then(() => { stopped = true; });
    while (Date.now() < deadline) {
      if (stopped) {
        throw new Error(`The node exited before it was ready:\n${this.output}`);
      }
      try {
        const response = await fetch(new URL('/healthz', this.apiUrl), { signal: AbortSignal.timeout(2000) });
        if (response.ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`The node was not ready within ${timeoutMs} ms:\n${this.output}`);
  }

  async stop() {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGTERM');
      const killed = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
      await this.#exited;
      clearTimeout(killed);
    }
    await rm(this.#storeDirectory, { recursive: true, force: true });
  }
}
