/**
 * A TCP proxy on loopback that can stop forwarding, reset or slow down the connections through it: the faults that
 * sit between client and server, which the server itself cannot fake. It forwards bytes and knows nothing of
 * WebSockets, so it works in front of the fault-injecting server or any other.
 *
 * - `pass()`: forward both ways (the start).
 * - `blackhole()`: forward nothing either way, data, FIN and resets included, while both TCP connections stay
 *   open. Bytes are read and discarded, so neither side's kernel pushes back: like a middlebox that lost its state
 *   but still ACKs, or a link that went dark without telling anyone. Only a heartbeat finds that.
 * - `reset()`: destroys every current connection with a TCP RST on both sides; later connections pass.
 * - `setLatency(ms)`: delays every chunk by `ms` in each direction, in order.
 */
import { createServer, type Socket, connect as tcpConnect } from "node:net";
import { wholeNumber } from "./faultArguments.js";

/** Options of `startFaultProxy`. */
export interface FaultProxyOptions {
  /** The port of the server behind the proxy. */
  readonly targetPort: number;
  /** @default "127.0.0.1" */
  readonly targetHost?: string;
  /** The port the proxy listens on, on 127.0.0.1. @default 0 (any free port) */
  readonly port?: number;
}

/** What the proxy does with the bytes of its connections. */
export type FaultProxyMode = "pass" | "blackhole";

/** A running fault proxy, from `startFaultProxy`. */
export interface FaultProxy {
  readonly port: number;
  /** `ws://127.0.0.1:<port>`, for a WebSocket client. */
  readonly url: string;
  readonly mode: FaultProxyMode;
  /** Client connections through the proxy now. */
  readonly connections: number;
  /** Forwards both ways again. */
  pass(): void;
  /** Stops forwarding both ways, keeping every TCP connection open. */
  blackhole(): void;
  /** Resets every current connection (TCP RST to both sides) and passes later ones. */
  reset(): void;
  /** Delays every chunk by `ms` in both directions; 0 forwards at once. */
  setLatency(ms: number): void;
  /** Stops listening and destroys every connection. */
  stop(): Promise<void>;
}

const END = Symbol("end");

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

/** Starts a TCP proxy on 127.0.0.1 in front of `targetHost:targetPort`. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const targetPort = wholeNumber("startFaultProxy", "targetPort", options.targetPort, 1, 65_535);
  const targetHost = options.targetHost ?? "127.0.0.1";
  const pairs = new Set<Pair>();
  let mode: FaultProxyMode = "pass";
  let latencyMs = 0;

  // One direction of a pair. Chunks wait in a queue with their due time, so a change of latency never reorders them.
  function pipe(from: Socket, to: Socket): void {
    const queue: Array<{ due: number; chunk: Buffer | typeof END }> = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deliver = (chunk: Buffer | typeof END) => {
      // Checked on delivery too: a blackhole also swallows what was still delayed.
      if (mode === "blackhole" || to.destroyed) return;
      if (chunk === END) to.end();
      else to.write(chunk);
    };
    const flush = () => {
      timer = undefined;
      let next = queue[0];
      for (; next && next.due <= Date.now(); next = queue[0]) {
        queue.shift();
        deliver(next.chunk);
      }
      // Timers may fire a millisecond before Date.now() reaches the due time; then this simply waits again.
      if (next) timer = setTimeout(flush, Math.max(0, next.due - Date.now()));
    };
    const push = (chunk: Buffer | typeof END) => {
      if (mode === "blackhole") return;
      if (latencyMs === 0 && queue.length === 0) return deliver(chunk);
      const due = Math.max(Date.now() + latencyMs, queue.at(-1)?.due ?? 0);
      queue.push({ due, chunk });
      timer ??= setTimeout(flush, latencyMs);
    };
    from.on("data", (chunk: Buffer) => push(chunk));
    from.on("end", () => push(END));
    from.on("close", () => clearTimeout(timer));
  }

  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = tcpConnect({ port: targetPort, host: targetHost, allowHalfOpen: true });
    const pair = { client, upstream };
    pairs.add(pair);
    pipe(client, upstream);
    pipe(upstream, client);
    // An error or a reset on one side ends the other, unless the proxy is a blackhole, which passes on nothing.
    const teardown = (other: Socket) => () => {
      if (mode === "pass" && !other.destroyed) other.destroy();
      if (client.destroyed && upstream.destroyed) pairs.delete(pair);
    };
    client.on("error", () => {});
    upstream.on("error", () => {});
    client.on("close", teardown(upstream));
    upstream.on("close", teardown(client));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    get connections() {
      let count = 0;
      for (const pair of pairs) if (!pair.client.destroyed) count++;
      return count;
    },
    pass() {
      mode = "pass";
      // Closes that the blackhole swallowed reach the other side now.
      for (const { client, upstream } of pairs) {
        if (client.destroyed !== upstream.destroyed) {
          client.destroy();
          upstream.destroy();
        }
      }
    },
    blackhole() {
      mode = "blackhole";
    },
    reset() {
      mode = "pass";
      for (const { client, upstream } of pairs) {
        if (!client.destroyed) client.resetAndDestroy();
        if (!upstream.destroyed) upstream.resetAndDestroy();
      }
    },
    setLatency(ms) {
      latencyMs = wholeNumber("setLatency", "ms", ms, 0);
    },
    stop() {
      return new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        pairs.clear();
        server.close(() => resolve());
      });
    },
  };
}
