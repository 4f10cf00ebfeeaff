/**
 * Loopback network helpers for the integration tests: free ports picked at run time (so test files
 * can run in parallel without a port plan) and two misbehaving TCP servers that model a broken KDC.
 */
import dgram from 'node:dgram';
import net from 'node:net';

const LOOPBACK = '127.0.0.1';

/** A running helper server; `close()` also destroys every connection it still holds. */
export interface LoopbackServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Returns a port on 127.0.0.1 that is free for both TCP and UDP right now.
 *
 * The KDC listens on the same port number for both protocols, and we cannot hand it port 0, so we
 * ask the kernel for an ephemeral TCP port and then check that UDP is free on it too. Another
 * process may still grab it before the caller binds; callers that can retry should.
 */
export async function freePort(attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const port = await ephemeralTcpPort();
    if (await udpPortFree(port)) return port;
  }
  throw new Error(`no port free for both TCP and UDP on ${LOOPBACK} after ${attempts} attempts`);
}

/**
 * Starts a TCP server that accepts connections and never answers.
 *
 * MIT kinit has no client-side KDC timeout: against such a server it waits about 27 s. Tests use
 * this to prove that our own timeouts (execa `timeout`) fire.
 */
export async function startBlackholeServer(): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    trackSocket(sockets, socket);
    socket.resume(); // swallow whatever the client sends, reply nothing
  });
  return listenLoopback(server, sockets);
}

/**
 * Starts a TCP proxy to 127.0.0.1:`targetPort` that delays every chunk, in both directions, by
 * `delayMs` ("slow KDC").
 *
 * It stretches a kinit long enough for a test to inspect the running child (e.g. scan
 * /proc/<pid>/cmdline for a password) without making it fail.
 */
export async function startDelayProxy(targetPort: number, delayMs: number): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, LOOPBACK);
    trackSocket(sockets, client);
    trackSocket(sockets, upstream);
    pipeDelayed(client, upstream, delayMs);
    pipeDelayed(upstream, client, delayMs);
  });
  return listenLoopback(server, sockets);
}

/** One connection attempt; true if it was accepted. */
export function canConnect(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, LOOPBACK);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function ephemeralTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, LOOPBACK, () => socket.close(() => resolve(true)));
  });
}

function trackSocket(sockets: Set<net.Socket>, socket: net.Socket): void {
  sockets.add(socket);
  socket.on('error', () => socket.destroy()); // a peer reset must not crash the test process
  socket.once('close', () => sockets.delete(socket));
}

/** Forwards data and end-of-stream from `from` to `to`, each after `delayMs`, keeping the order. */
function pipeDelayed(from: net.Socket, to: net.Socket, delayMs: number): void {
  // Timers with equal delays fire in creation order, so chunks arrive in the order they were sent.
  from.on('data', (chunk) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.once('end', () => setTimeout(() => to.end(), delayMs));
  from.once('close', () => setTimeout(() => to.destroy(), delayMs));
}

function listenLoopback(server: net.Server, sockets: Set<net.Socket>): Promise<LoopbackServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, close: () => closeServer(server, sockets) });
    });
  });
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}
