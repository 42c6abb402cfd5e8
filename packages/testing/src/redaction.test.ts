// Issue 20 §1: where a user reads a URL that Lifeline reports (a thrown error, a diagnostics event), credentials that
// the old patterns missed must not show: a token in the fragment, a password with an "@", a userinfo written
// without "//", a token inside a percent-encoded parameter; and an "@" in the query must not move the host.
// Core is used as an app gets it, from its dist, against a real `ws` server on loopback.
import { createSocket, type DiagnosticEvent, type Socket, type SocketState } from "@lifeline/core";
import { diagnostics } from "@lifeline/core/diagnostics";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { runBuiltCore } from "./__fixtures__/runBuiltCore.js";
import { type FaultyServer, startFaultyServer } from "./faultyServer.js";

// Every secret in these tests carries this word, so one check finds any of them in what was printed.
const SECRET = "s3cret";

let server: FaultyServer | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.close();
  socket = undefined;
  await server?.stop();
  server = undefined;
});

function until(target: Socket, predicate: (state: SocketState) => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate(target.getSnapshot())) return resolve();
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out in ${JSON.stringify(target.getSnapshot())}`));
    }, timeoutMs);
    const stop = target.subscribe(() => {
      if (!predicate(target.getSnapshot())) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

function untilEvent(events: DiagnosticEvent[], type: DiagnosticEvent["type"], timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    // A diagnostics event has no subscription of its own here: the list is checked on each turn of the event loop.
    const check = () => {
      if (events.some((event) => event.type === type)) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`no ${type} in ${JSON.stringify(events)}`));
      setImmediate(check);
    };
    check();
  });
}

describe("createSocket's error for a bad URL", () => {
  // The messages of createSocket(url) for each URL, from the built core in a Node process of its own: with the
  // "production" condition, as an app's production bundle resolves it (#dev -> dist/dev.production.js), or without.
  async function thrownMessages(urls: readonly string[], production: boolean): Promise<string[]> {
    const script = `import("@lifeline/core").then(({ createSocket }) => {
      const messages = ${JSON.stringify(urls)}.map((url) => {
        try {
          createSocket(url, { autoConnect: false });
          return "returned";
        } catch (error) {
          return error.message;
        }
      });
      console.log(JSON.stringify(messages));
    });`;
    return runBuiltCore<string[]>(script, production);
  }

  // Out of range, the port makes each of these fail to parse, which is the case both builds print.
  const unparsable: ReadonlyArray<readonly [string, string]> = [
    [`wss://x.io:99999/cb#access_token=${SECRET}`, "wss://x.io:99999/cb#access_token=redacted"],
    [`wss://alice:p@ss-${SECRET}@x.io:99999/`, "wss://redacted@x.io:99999/"],
    [`wss:alice:${SECRET}@x.io:99999/`, "wss:redacted@x.io:99999/"],
    [`wss://x.io:99999/?next=%2Fapp%3Ftoken%3D${SECRET}`, "wss://x.io:99999/?next=%2Fapp%3Ftoken%3Dredacted"],
    ["wss://x.io:99999?email=a@b.com", "wss://x.io:99999?email=a@b.com"],
  ];

  it("in development, shows each URL with its credentials redacted and its host as written", async () => {
    const urls = [
      ...unparsable.map(([url]) => url),
      `wss://x.io/cb#access_token=${SECRET}`,
      `ftp:alice:${SECRET}@x.io/`,
    ];
    const messages = await thrownMessages(urls, false);
    expect(messages).toEqual([
      ...unparsable.map(
        ([, shown]) =>
          `[@lifeline/core] createSocket: "${shown}" is not a valid URL. Use an absolute ws:// or wss:// URL such as "wss://example.com/socket".`,
      ),
      '[@lifeline/core] createSocket: "wss://x.io/cb#access_token=redacted" has a #fragment, which browsers refuse for WebSockets. Remove it.',
      '[@lifeline/core] createSocket: "ftp:redacted@x.io/" uses ftp:, which is not a WebSocket scheme. Use ws:// or wss:// (http:// and https:// are converted).',
    ]);
    expect(JSON.stringify(messages)).not.toContain(SECRET);
  });

  it("in a production build, shows each URL with its credentials redacted and its host as written", async () => {
    const messages = await thrownMessages(
      unparsable.map(([url]) => url),
      true,
    );
    expect(messages).toEqual(unparsable.map(([, shown]) => `[@lifeline/core] createSocket: invalid URL "${shown}"`));
    expect(JSON.stringify(messages)).not.toContain(SECRET);
  });
});

describe("diagnostics from a real server", () => {
  it("redact the URL of connecting and opened, and the socket still connects to the real one", async () => {
    let requested: string | undefined;
    server = await startFaultyServer({ onConnection: (_socket, request) => (requested = request.url) });
    const events: DiagnosticEvent[] = [];
    const query = `next=%2Fapp%3Ftoken%3D${SECRET}&email=a@b.com`;
    socket = createSocket(`ws://alice:p@ss-${SECRET}@127.0.0.1:${server.port}/live?${query}`, {
      environment: { WebSocket },
      use: [diagnostics((event) => events.push(event))],
    });
    await until(socket, (state) => state.status === "open");
    await untilEvent(events, "opened");
    const shown = `ws://redacted@127.0.0.1:${server.port}/live?next=%2Fapp%3Ftoken%3Dredacted&email=a@b.com`;
    expect(events.filter((event) => event.type === "connecting" || event.type === "opened")).toEqual([
      { type: "connecting", url: shown, attempt: 0 },
      { type: "opened", url: shown },
    ]);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    // Only the report is redacted: the server was asked for the real URL.
    expect(requested).toBe(`/live?${query}`);
  });

  it("redact a URL the server quotes in its close reason", async () => {
    server = await startFaultyServer();
    const events: DiagnosticEvent[] = [];
    socket = createSocket(server.url, {
      environment: { WebSocket },
      use: [diagnostics((event) => events.push(event))],
    });
    await until(socket, (state) => state.status === "open");
    server.closeAll(4000, `moved: wss:alice:${SECRET}@x.io/cb#access_token=${SECRET}`);
    await untilEvent(events, "closed");
    const closed = events.find((event) => event.type === "closed");
    expect(closed).toMatchObject({
      close: { code: 4000, reason: "moved: wss:redacted@x.io/cb#access_token=redacted" },
    });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it("redact a URL quoted in the error of a url function that failed", async () => {
    const events: DiagnosticEvent[] = [];
    socket = createSocket(
      async () => {
        throw new Error(`token service https://id.x.io/renew?next=%2Fcb%23refresh_token%3D${SECRET} is down`);
      },
      { environment: { WebSocket }, use: [diagnostics((event) => events.push(event))] },
    );
    await untilEvent(events, "url-failed");
    expect(events.find((event) => event.type === "url-failed")).toEqual({
      type: "url-failed",
      error: "Error: token service https://id.x.io/renew?next=%2Fcb%23refresh_token%3Dredacted is down",
    });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});
