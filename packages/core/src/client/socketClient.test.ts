// Unit tests of @lifeline/core/client with the fake WebSocket: one socket per key, connected while anyone
// subscribes. The same against a real `ws` server, through React, is in @lifeline/react's sharedSockets.test.tsx.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createFakeWebSocket } from "@lifeline/testing/fake";
import { build, type Plugin } from "esbuild";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSocketClient } from "./index.js";

let fake: ReturnType<typeof createFakeWebSocket>;
beforeEach(() => {
  fake = createFakeWebSocket();
});
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// As vitest.config.ts does for these tests: #dev from source, where the package's imports map points into dist.
const devFromSource: Plugin = {
  name: "dev-from-source",
  setup(build) {
    build.onResolve({ filter: /^#dev$/ }, () => ({ path: fileURLToPath(new URL("../dev.ts", import.meta.url)) }));
  },
};

const flushMicrotasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function client(options: Parameters<typeof createSocketClient>[0] = {}) {
  return createSocketClient({ ...options, socketOptions: { environment: { WebSocket: fake.WebSocket } } });
}

describe("createSocketClient", () => {
  it("gives the same socket for the same key, a different one for another, and connects nothing until used", () => {
    const sockets = client();
    const a = sockets.socket("wss://x.test/a");
    expect(sockets.socket("wss://x.test/a")).toBe(a);
    expect(sockets.socket("wss://x.test/b")).not.toBe(a);
    expect(a.getSnapshot().status).toBe("idle");
    expect(fake.sockets).toHaveLength(0);
  });

  it("opens one connection for many subscribers, and closes it with 1000 once the last one leaves", async () => {
    const socket = client().socket("wss://x.test/a");
    const stops = [1, 2, 3].map(() => socket.subscribe(() => {}));
    expect(fake.sockets).toHaveLength(1);
    fake.last().open();
    stops[0]?.();
    stops[1]?.();
    await flushMicrotasks();
    expect(socket.getSnapshot().status).toBe("open");
    stops[2]?.();
    // A stop called twice counts once.
    stops[2]?.();
    await flushMicrotasks();
    expect(socket.getSnapshot().status).not.toBe("open");
    expect(fake.last().closeCode).toBe(1000);
  });

  it("keeps the connection through a leave and a come-back in the same task (StrictMode, a route swap)", async () => {
    const socket = client().socket("wss://x.test/a");
    const first = socket.subscribe(() => {});
    fake.last().open();
    first();
    const second = socket.subscribe(() => {});
    await flushMicrotasks();
    expect(fake.sockets).toHaveLength(1);
    expect(socket.getSnapshot().status).toBe("open");
    second();
  });

  it("lingers for lingerMs, and a user arriving meanwhile keeps the same connection", async () => {
    vi.useFakeTimers();
    const socket = client({ lingerMs: 5000 }).socket("wss://x.test/a");
    const first = socket.subscribe(() => {});
    fake.last().open();
    first();
    await vi.advanceTimersByTimeAsync(4000);
    expect(socket.getSnapshot().status).toBe("open");
    const second = socket.subscribe(() => {});
    second();
    // The first release's timer is void: the second release starts its own 5 s.
    await vi.advanceTimersByTimeAsync(1500);
    expect(socket.getSnapshot().status).toBe("open");
    await vi.advanceTimersByTimeAsync(3500);
    expect(socket.getSnapshot().status).not.toBe("open");
    expect(fake.sockets).toHaveLength(1);
  });

  it("connects again for a new subscriber after closing, on the same socket object", async () => {
    const socket = client().socket("wss://x.test/a");
    socket.subscribe(() => {})();
    await flushMicrotasks();
    expect(socket.getSnapshot().status).toBe("closed");
    const again = socket.subscribe(() => {});
    expect(["connecting", "open"]).toContain(socket.getSnapshot().status);
    expect(fake.sockets).toHaveLength(2);
    again();
  });

  it("makes every socket with the client's options, or the options its function gives for the key", () => {
    const keys: string[] = [];
    const sockets = createSocketClient({
      socketOptions: (key) => {
        keys.push(key);
        return { environment: { WebSocket: fake.WebSocket }, queue: { maxSize: key === "small" ? 1 : 5 } };
      },
    });
    const small = sockets.socket("small", "wss://x.test/small");
    sockets.socket("small");
    expect(keys).toEqual(["small"]);
    expect(small.send("1")).toBe("queued");
    expect(small.send("2")).toBe("full");
    const big = sockets.socket("big", () => "wss://x.test/big");
    for (const n of [1, 2, 3, 4, 5]) expect(big.send(String(n))).toBe("queued");
    expect(big.send("6")).toBe("full");
  });

  it("uses the key as the URL unless given one, and reads a function URL at each attempt", async () => {
    let token = "one";
    const sockets = client();
    const keyed = sockets.socket("prices", () => `wss://x.test/prices?token=${token}`);
    const stop = keyed.subscribe(() => {});
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(1));
    expect(fake.last().url).toBe("wss://x.test/prices?token=one");
    token = "two";
    keyed.reconnect();
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(2));
    expect(fake.last().url).toBe("wss://x.test/prices?token=two");
    stop();
    sockets.socket("wss://x.test/plain").subscribe(() => {});
    await vi.waitFor(() => expect(fake.last().url).toBe("wss://x.test/plain"));
  });

  it("clear() closes every socket with 1000 and forgets them", () => {
    const sockets = client();
    const a = sockets.socket("wss://x.test/a");
    a.subscribe(() => {});
    fake.last().open();
    sockets.clear();
    expect(fake.last().closeCode).toBe(1000);
    expect(sockets.socket("wss://x.test/a")).not.toBe(a);
  });

  it("passes every other call through: send, messages, close and the WebSocket itself", () => {
    const socket = client().socket("wss://x.test/a");
    const received: unknown[] = [];
    socket.onMessage((data) => received.push(data));
    socket.subscribe(() => {});
    fake.last().open();
    expect(socket.webSocket).not.toBeNull();
    expect(socket.send("hi")).toBe("sent");
    fake.last().receive("back");
    expect(fake.last().sent).toEqual(["hi"]);
    expect(received).toEqual(["back"]);
    socket.close(4000, "done");
    expect(socket.getSnapshot().status).toMatch(/closing|closed/);
    expect(socket.getServerSnapshot().status).toBe("idle");
  });

  // Issue 20: each "last user left" armed a timer that nothing cancelled.
  it("cancels the linger timer when a user comes back: 1,000 leave-and-return cycles leave none", async () => {
    vi.useFakeTimers();
    const socket = client({ lingerMs: 60_000 }).socket("wss://x.test/a");
    let stop = socket.subscribe(() => {});
    fake.last().open();
    // The socket's own timers (the minimum uptime) are not the client's.
    const before = vi.getTimerCount();
    for (let cycle = 0; cycle < 1000; cycle++) {
      stop();
      stop = socket.subscribe(() => {});
    }
    expect(vi.getTimerCount() - before).toBe(0);
    stop();
    expect(vi.getTimerCount() - before).toBe(1);
    expect(fake.sockets).toHaveLength(1);
  });

  it("clear() cancels a pending linger, so a Node process can exit at once", async () => {
    // A real process: only the event loop says whether a timer still holds it open. Node 20 cannot load
    // TypeScript, so the client is bundled from this source first (dist could be older than the source under test).
    const directory = await mkdtemp(join(tmpdir(), "lifeline-socket-client-"));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const bundle = join(directory, "client.mjs");
    await build({
      entryPoints: [fileURLToPath(new URL("./index.ts", import.meta.url))],
      outfile: bundle,
      bundle: true,
      format: "esm",
      platform: "node",
      logLevel: "silent",
      plugins: [devFromSource],
    });
    const script = `
      import { createSocketClient } from ${JSON.stringify(pathToFileURL(bundle).href)};
      const client = createSocketClient({ lingerMs: 60000, socketOptions: { environment: { WebSocket: class {
        readyState = 0; close() {} send() {} constructor() {}
      } } } });
      client.socket("wss://x.test/a").subscribe(() => {})();
      client.clear();
    `;
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "inherit" });
      // Killed well before the test's own timeout, so a failure reports here and leaves no process behind.
      const timer = setTimeout(() => child.kill(), 20_000);
      child.on("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code).toBe(0);
    // Well under the 60 s linger, with room for a loaded machine's Node start.
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);
});
