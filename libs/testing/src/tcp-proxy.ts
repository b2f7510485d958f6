import { createServer, connect, type Server, type Socket } from 'node:net';

/** How the proxy treats traffic right now. */
export type TcpProxyMode = 'forward' | 'refuse' | 'blackhole';

/**
 * A TCP proxy on 127.0.0.1 in front of one server (Postgres, Redis), so a test can simulate that
 * server failing for the processes behind it without touching the real server others use.
 */
export interface TcpProxy {
  readonly port: number;
  readonly mode: TcpProxyMode;
  /** Connections currently open through the proxy. */
  readonly open: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  /**
   * `refuse`: drops every open connection and resets new ones (a server restart);
   * `blackhole`: keeps connections but passes no bytes either way and accepts new ones that never
   * answer (a partition); `forward`: normal.
   */
  setMode(mode: TcpProxyMode): void;
  /** Puts the proxy in `mode` for `ms`, then back to `forward`. */
  fault(mode: Exclude<TcpProxyMode, 'forward'>, ms: number): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream?: Socket;
  /** Stopped by a partition. */
  held?: boolean;
}

/** Starts a proxy to `target` (host:port) on a free port of 127.0.0.1. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: TcpProxyMode = 'forward';
  const pairs = new Set<Pair>();

  const destroy = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };

  const server: Server = createServer((client) => {
    if (mode === 'refuse') {
      // An RST rather than a FIN, as a port with nothing listening would answer.
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    if (mode === 'blackhole') {
      pair.held = true;
      client.pause();
      return;
    }
    wire(pair);
  });

  function wire(pair: Pair) {
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as { port: number }).port;

  const proxy: TcpProxy = {
    port,
    get mode() {
      return mode;
    },
    get open() {
      return pairs.size;
    },
    urlFor(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    setMode(next) {
      mode = next;
      if (next === 'refuse') {
        for (const pair of [...pairs]) {
          pair.client.resetAndDestroy();
          destroy(pair);
        }
      } else if (next === 'blackhole') {
        for (const pair of pairs) {
          pair.held = true;
          pair.client.unpipe();
          pair.upstream?.unpipe();
          pair.client.pause();
          pair.upstream?.pause();
        }
      } else {
        // Connections held during a partition are gone for their peers: end them now.
        for (const pair of [...pairs]) if (pair.held) destroy(pair);
      }
    },
    async fault(faultMode, ms) {
      proxy.setMode(faultMode);
      await new Promise((resolve) => setTimeout(resolve, ms));
      proxy.setMode('forward');
    },
    close() {
      for (const pair of [...pairs]) destroy(pair);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
