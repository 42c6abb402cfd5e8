import { createSocket, type SendOutcome } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { diagnostics } from "@lifeline/core/diagnostics";
import { createFakeSignal, createFakeWebSocket, type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, render, screen, waitFor } from "@testing-library/react";
import { StrictMode, useEffect } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import type { ConnectionOptions } from "./useConnection.js";
import { useWebSocket, type WebSocketResult } from "./useWebSocket.js";
import { useSharedWebSocket, WebSocketProvider } from "./WebSocketProvider.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);
// Real servers on loopback: give waitFor room on a loaded CI machine.
configure({ asyncUtilTimeout: 5000 });

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const fast = { reconnect: { backoff: { baseMs: 20, maxMs: 50 }, minUptimeMs: 50 } } as const;

function Status({ url, options = {} }: { url: string | null; options?: ConnectionOptions }) {
  const { status, lastClose, attempt } = useWebSocket(url, { environment: { WebSocket }, ...fast, ...options });
  return (
    <p data-testid="status">
      {status} {lastClose ? `${lastClose.code}/${lastClose.policy ?? "-"}` : "none"} {attempt}
    </p>
  );
}

describe("useWebSocket against a real server", () => {
  // Issue 21: the hook turns the browser preset on by itself; no `use` is needed for either half of it.
  it("reads the seed's close reason and hears the network go, with no feature passed", async () => {
    server = await startFaultyServer();
    const online = createFakeSignal(true);
    function Decision() {
      const { status, decision } = useWebSocket(server!.url, { environment: { WebSocket, online }, ...fast });
      return <p data-testid="decision">{`${status} ${decision?.action ?? "-"} ${decision?.retryAfterMs ?? "-"}`}</p>;
    }
    render(<Decision />);
    await waitFor(() => expect(screen.getByTestId("decision").textContent).toBe("open - -"));
    server.closeAll(1008, "rate limit exceeded; retry-after=5");
    await waitFor(() => expect(screen.getByTestId("decision").textContent).toBe("reconnecting after-hint 5000"));
    act(() => online.set(false));
    await waitFor(() => expect(screen.getByTestId("decision").textContent).toMatch(/^offline /));
  });

  it("goes open → reconnecting → open through a drop and shows the classification of the close", async () => {
    server = await startFaultyServer();
    const seen: string[] = [];
    function Watch() {
      const { status, lastClose } = useWebSocket(server!.url, { environment: { WebSocket }, ...fast });
      seen.push(status);
      return <p data-testid="close">{lastClose ? `${lastClose.code} ${lastClose.kind}` : "none"}</p>;
    }
    render(<Watch />);
    await waitFor(() => expect(seen.at(-1)).toBe("open"));
    server.dropAll();
    await waitFor(() => expect(seen).toContain("reconnecting"));
    await waitFor(() => expect(seen.at(-1)).toBe("open"));
    expect(screen.getByTestId("close").textContent).toBe("1006 abnormal");
    const distinct = seen.filter((status, index) => status !== seen[index - 1]);
    expect(distinct).toEqual(["idle", "connecting", "open", "reconnecting", "connecting", "open"]);
  });

  it("shows a 1008 rate-limit rejection as such", async () => {
    server = await startFaultyServer();
    render(<Status url={server.url} />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toMatch(/^open/));
    server.closeAll(1008, "Too Many Requests");
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("reconnecting 1008/rate-limited 1"));
  });

  it("opens exactly one connection under StrictMode and closes it with 1000 on unmount", async () => {
    server = await startFaultyServer();
    const { unmount } = render(
      <StrictMode>
        <Status url={server.url} />
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId("status").textContent).toMatch(/^open/));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.upgradeAttempts).toHaveLength(1);
    expect(server.openConnections).toBe(1);
    const serverSide = await server.nextConnection();
    const closed = new Promise<number>((resolve) => serverSide.once("close", (code: number) => resolve(code)));
    unmount();
    expect(await closed).toBe(1000);
  });

  it("reconnects when the URL changes, and not when a callback or option object changes", async () => {
    server = await startFaultyServer();
    const { rerender } = render(<Status url={`${server.url}/a`} options={{ onMessage: () => {} }} />);
    await waitFor(() => expect(server!.openConnections).toBe(1));
    rerender(<Status url={`${server.url}/a`} options={{ onMessage: () => {}, use: [] }} />);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.upgradeAttempts).toHaveLength(1);
    rerender(<Status url={`${server.url}/b`} />);
    await waitFor(() => expect(server!.upgradeAttempts).toHaveLength(2));
    await waitFor(() => expect(server!.openConnections).toBe(1));
  });

  it("sends from the effects of a commit that changes the URL reach the new connection, once each, and nothing throws", async () => {
    // Counted on the server: which connection (by its path) got which message, with nothing de-duplicated.
    const paths = new Map<unknown, string>();
    const received: string[] = [];
    const closes: string[] = [];
    const dropped: string[] = [];
    server = await startFaultyServer({
      echo: false,
      onConnection: (socket, request) => {
        paths.set(socket, request.url ?? "");
        socket.on("close", (code: number) => closes.push(`${request.url} ${code}`));
      },
      onMessage: (data, socket) => received.push(`${paths.get(socket)} ${data}`),
    });
    // A child's effect runs before its parent's: both must find the socket ready for the new room.
    function Presence({ room, send }: { room: string; send: (value: unknown) => SendOutcome }) {
      useEffect(() => {
        send({ type: "here", room });
      }, [room, send]);
      return null;
    }
    function Room({ room }: { room: string }) {
      const { sendJson, status } = useWebSocket(`${server!.url}/${room}`, {
        environment: { WebSocket },
        ...fast,
        queue: { onDrop: (data) => dropped.push(String(data)) },
      });
      useEffect(() => {
        sendJson({ type: "join", room });
      }, [room, sendJson]);
      return (
        <p data-testid="room">
          {room} {status}
          <Presence room={room} send={sendJson} />
        </p>
      );
    }
    const { rerender } = render(<Room room="a" />);
    await waitFor(() => expect(screen.getByTestId("room").textContent).toBe("a open"));
    expect(() => rerender(<Room room="b" />)).not.toThrow();
    expect(() => rerender(<Room room="c" />)).not.toThrow();
    await waitFor(() => expect(screen.getByTestId("room").textContent).toBe("c open"));
    await waitFor(() => expect(received).toHaveLength(4));
    expect(received).toEqual([
      '/a {"type":"here","room":"a"}',
      '/a {"type":"join","room":"a"}',
      '/c {"type":"here","room":"c"}',
      '/c {"type":"join","room":"c"}',
    ]);
    // b never opened before c replaced it: what was queued for b was meant for b, and is dropped, not sent to c.
    expect(dropped).toEqual(['{"type":"here","room":"b"}', '{"type":"join","room":"b"}']);
    await waitFor(() => expect(closes).toContain("/a 1000"));
    expect(server.openConnections).toBe(1);
  });

  it("calls the latest render's callbacks, not the first's: refreshCredentials, onDiagnostic, queue.onDrop", async () => {
    server = await startFaultyServer();
    const calls: string[] = [];
    function Live({ version }: { version: number }) {
      const { status, send } = useWebSocket(server!.url, {
        environment: { WebSocket },
        ...fast,
        // New closures every render, as an app writes them inline.
        refreshCredentials: async () => {
          calls.push(`refresh ${version}`);
        },
        use: [
          diagnostics((event) => {
            if (event.type === "credentials-refreshed") calls.push(`diagnostic ${version}`);
          }),
        ],
        queue: { maxSize: 1, overflow: "drop-oldest", onDrop: (data) => calls.push(`drop ${data} ${version}`) },
      });
      return (
        <button type="button" data-testid="live" onClick={() => (send("x"), send("y"))}>
          {status}
        </button>
      );
    }
    const { rerender } = render(<Live version={1} />);
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("open"));
    rerender(<Live version={2} />);
    server.closeAll(4401, "token expired");
    await waitFor(() => expect(calls).toEqual(["refresh 2", "diagnostic 2"]));
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("open"));
    rerender(<Live version={3} />);
    // Two sends while not open overflow a queue of one: the first is dropped, and the latest onDrop hears of it.
    server.closeAll(4000, "bye");
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("reconnecting"));
    act(() => screen.getByTestId("live").click());
    expect(calls.at(-1)).toBe("drop x 3");
  });

  it("reconnects when the protocols change by value, and not for a new array with the same ones", async () => {
    const offered: string[] = [];
    server = await startFaultyServer({
      onConnection: (_socket, request) => offered.push(String(request.headers["sec-websocket-protocol"])),
    });
    const { rerender } = render(<Status url={server.url} options={{ protocols: ["chat.v1"] }} />);
    await waitFor(() => expect(offered).toEqual(["chat.v1"]));
    rerender(<Status url={server.url} options={{ protocols: ["chat.v1"] }} />);
    rerender(<Status url={server.url} options={{ protocols: ["chat.v2", "chat.v1"] }} />);
    await waitFor(() => expect(offered).toEqual(["chat.v1", "chat.v2,chat.v1"]));
    await waitFor(() => expect(server!.openConnections).toBe(1));
  });

  it("switches between a passed socket and a URL both ways, opening and closing only its own", async () => {
    const paths: string[] = [];
    server = await startFaultyServer({ onConnection: (_socket, request) => paths.push(request.url ?? "") });
    const shared = createSocket(`${server.url}/shared`, { use: [browser()], environment: { WebSocket }, ...fast });
    await waitFor(() => expect(shared.getSnapshot().status).toBe("open"));
    function Either({ source }: { source: string | ReturnType<typeof createSocket> }) {
      const { status } = useWebSocket(source, { environment: { WebSocket }, ...fast });
      return <p data-testid="either">{status}</p>;
    }
    const { rerender } = render(<Either source={shared} />);
    expect(screen.getByTestId("either").textContent).toBe("open");
    // To a URL: a socket of its own, on that URL (not "", the page's own address).
    expect(() => rerender(<Either source={`${server!.url}/own`} />)).not.toThrow();
    await waitFor(() => expect(server!.upgradeAttempts).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("either").textContent).toBe("open"));
    // Back to the shared one: its own socket is closed, the shared one is left as it was.
    rerender(<Either source={shared} />);
    await waitFor(() => expect(server!.openConnections).toBe(1));
    expect(shared.getSnapshot().status).toBe("open");
    expect(screen.getByTestId("either").textContent).toBe("open");
    expect(paths).toEqual(["/shared", "/own"]);
    shared.close();
  });

  it("reports a throw from the latest render's callback and is not wedged by it", async () => {
    server = await startFaultyServer();
    const failed: string[] = [];
    // Core rethrows each callback's error on its own microtask, so the app's error reporting sees it too.
    const rethrown: unknown[] = [];
    const onError = (error: unknown) => rethrown.push(error);
    process.on("uncaughtException", onError);
    function Live({ broken }: { broken: boolean }) {
      const { status, reconnect } = useWebSocket(server!.url, {
        environment: { WebSocket },
        ...fast,
        refreshCredentials: async () => {
          if (broken) throw new Error("refresh bug");
        },
        use: [
          diagnostics((event) => {
            if (event.type === "callback-failed") failed.push(event.callback);
            if (broken && event.type === "closed") throw new Error("diagnostic bug");
          }),
        ],
      });
      return (
        <button type="button" data-testid="live" onClick={reconnect}>
          {status}
        </button>
      );
    }
    const { rerender } = render(<Live broken={false} />);
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("open"));
    rerender(<Live broken />);
    server.closeAll(4401, "token expired");
    // The refresh rejects (a failed refresh: stop and ask), and onDiagnostic's throw is reported, not fatal.
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("closed"));
    // onDiagnostic's own throw cannot be reported to onDiagnostic: it reaches the page's error handling instead.
    await waitFor(() => expect(rethrown).toContainEqual(new Error("diagnostic bug")));
    expect(failed).toEqual([]);
    rerender(<Live broken={false} />);
    act(() => screen.getByTestId("live").click());
    await waitFor(() => expect(screen.getByTestId("live").textContent).toBe("open"));
    process.off("uncaughtException", onError);
  });

  it("takes options written as `key: undefined`, as conditional options often are", async () => {
    server = await startFaultyServer();
    render(<Status url={server.url} options={{ use: undefined, queue: undefined, refreshCredentials: undefined }} />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toMatch(/^open/));
  });

  it("does not connect with a null URL or enabled false, and connects when allowed", async () => {
    server = await startFaultyServer();
    const { rerender } = render(<Status url={null} />);
    rerender(<Status url={server.url} options={{ enabled: false }} />);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.upgradeAttempts).toHaveLength(0);
    expect(screen.getByTestId("status").textContent).toMatch(/^idle/);
    rerender(<Status url={server.url} options={{ enabled: true }} />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toMatch(/^open/));
  });

  it("calls the latest render's onMessage, then onJsonError, and a throw from either counts the message all the same", async () => {
    server = await startFaultyServer({ echo: false });
    const calls: string[] = [];
    const rethrown: unknown[] = [];
    const onError = (error: unknown) => rethrown.push(error);
    process.on("uncaughtException", onError);
    function Feed({ version }: { version: number }) {
      const { lastMessage, lastJsonMessage, messageCount } = useWebSocket<{ n: number }>(server!.url, {
        environment: { WebSocket },
        onMessage: (data) => {
          calls.push(`message ${data} ${version}`);
          if (version === 2 && data === "oops{") throw new Error("onMessage bug");
        },
        onJsonError: (_error, data) => {
          calls.push(`json ${data} ${version}`);
          if (version === 2) throw new Error("onJsonError bug");
        },
      });
      return <p data-testid="feed">{`${messageCount} ${lastJsonMessage?.n ?? "none"} ${String(lastMessage)}`}</p>;
    }
    const { rerender } = render(<Feed version={1} />);
    await waitFor(() => expect(server!.openConnections).toBe(1));
    server.broadcast('{"n":1}');
    await waitFor(() => expect(screen.getByTestId("feed").textContent).toBe('1 1 {"n":1}'));
    rerender(<Feed version={2} />);
    server.broadcast("oops{");
    server.broadcast('{"n":3}');
    await waitFor(() => expect(screen.getByTestId("feed").textContent).toBe('3 3 {"n":3}'));
    expect(calls).toEqual(['message {"n":1} 1', "message oops{ 2", "json oops{ 2", 'message {"n":3} 2']);
    await waitFor(() => expect(rethrown).toHaveLength(2));
    expect(rethrown).toContainEqual(new Error("onMessage bug"));
    expect(rethrown).toContainEqual(new Error("onJsonError bug"));
    process.off("uncaughtException", onError);
  });

  it("shares one connection through a provider", async () => {
    server = await startFaultyServer();
    function Reader({ name }: { name: string }) {
      const { status, lastMessage } = useSharedWebSocket();
      return <p data-testid={name}>{`${status}:${String(lastMessage)}`}</p>;
    }
    render(
      <WebSocketProvider url={server.url} options={{ environment: { WebSocket } }}>
        <Reader name="one" />
        <Reader name="two" />
      </WebSocketProvider>,
    );
    await waitFor(() => expect(screen.getByTestId("one").textContent).toBe("open:null"));
    server.broadcast("hello");
    await waitFor(() => expect(screen.getByTestId("two").textContent).toBe("open:hello"));
    expect(screen.getByTestId("one").textContent).toBe("open:hello");
    expect(server.upgradeAttempts).toHaveLength(1);
  });
});

describe("useWebSocket with the fake WebSocket", () => {
  it("keeps the last good JSON when a message is not JSON, and reports it instead of throwing", async () => {
    const fake = createFakeWebSocket();
    const errors: string[] = [];
    function Json() {
      const { lastJsonMessage, lastMessage } = useWebSocket<{ n: number }>("wss://x.test", {
        environment: { WebSocket: fake.WebSocket },
        onJsonError: (error) => errors.push(error.message),
      });
      return <p data-testid="json">{`${lastJsonMessage?.n ?? "none"} ${String(lastMessage)}`}</p>;
    }
    render(<Json />);
    await waitFor(() => expect(fake.sockets).toHaveLength(1));
    act(() => fake.last().open());
    act(() => fake.last().receive('{"n":1}'));
    act(() => fake.last().receive("oops{"));
    expect(screen.getByTestId("json").textContent).toBe("1 oops{");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not valid JSON/);
  });

  it("answers send and sendJson with an outcome, and throws only for a value JSON cannot hold", async () => {
    const fake = createFakeWebSocket();
    let result: WebSocketResult<unknown, { type: "ping" }> | undefined;
    function Sender() {
      result = useWebSocket<unknown, { type: "ping" }>("wss://x.test", {
        environment: { WebSocket: fake.WebSocket },
        queue: { maxSize: 1 },
      });
      return null;
    }
    render(<Sender />);
    await waitFor(() => expect(fake.sockets).toHaveLength(1));
    let outcomes: SendOutcome[] = [];
    act(() => {
      outcomes = [result!.sendJson({ type: "ping" }), result!.send("second")];
    });
    expect(outcomes).toEqual(["queued", "full"]);
    act(() => fake.last().open());
    expect(fake.last().sent).toEqual(['{"type":"ping"}']);
    expect(result!.send("now")).toBe("sent");
    act(() => result!.close());
    expect(result!.send("late")).toBe("closed");
    expect(result!.sendJson({ type: "ping" })).toBe("closed");
    expect(fake.last().sent).toEqual(['{"type":"ping"}', "now"]);
  });

  it("gives sendJson a clear error for a value JSON cannot hold", async () => {
    const fake = createFakeWebSocket();
    let actions: WebSocketResult | undefined;
    function Sender() {
      actions = useWebSocket("wss://x.test", { environment: { WebSocket: fake.WebSocket } });
      return null;
    }
    render(<Sender />);
    await waitFor(() => expect(fake.sockets).toHaveLength(1));
    act(() => fake.last().open());
    actions!.sendJson({ hello: "world" });
    expect(fake.last().sent).toEqual(['{"hello":"world"}']);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => actions!.sendJson(cyclic)).toThrow(
      /^\[@lifeline\/react\] sendJson\(\) could not turn the value into JSON/,
    );
    expect(() => actions!.sendJson(undefined)).toThrow(
      "[@lifeline/react] sendJson() got undefined, which JSON cannot hold.",
    );
  });

  it("warns once, in development, that select, isEqual and batch moved to useWebSocketSelector", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const fake = createFakeWebSocket();
      function Old() {
        // @ts-expect-error select is no longer an option of useWebSocket: typecheck fails if it is accepted
        const result = useWebSocket("wss://x.test", { environment: { WebSocket: fake.WebSocket }, select: (s) => s });
        return <p data-testid="old">{result.status}</p>;
      }
      render(
        <>
          <Old />
          <Old />
        </>,
      );
      expect(screen.getAllByTestId("old").map((element) => element.textContent)).toEqual(["idle", "idle"]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toMatch(
        /^\[@lifeline\/react\] useWebSocket\(\) ignores select: selecting a part and folding bursts moved to useWebSocketSelector\(url, select, \{ isEqual, batch \}\)\./,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it("rejects an invalid URL during render with a message that says what to use", () => {
    function Bad() {
      useWebSocket("ftp://example.test/socket");
      return null;
    }
    expect(() => render(<Bad />)).toThrow(
      '[@lifeline/core] createSocket: "ftp://example.test/socket" uses ftp:, which is not a WebSocket scheme.',
    );
  });

  it("throws a clear error when useSharedWebSocket has no provider", () => {
    function Orphan() {
      useSharedWebSocket();
      return null;
    }
    expect(() => render(<Orphan />)).toThrow(
      "[@lifeline/react] useSharedWebSocket() found no <WebSocketProvider> above it.",
    );
  });
});

describe("useWebSocket on the server", () => {
  it("renders idle with renderToString and never touches WebSocket", () => {
    let constructed = 0;
    class Counting {
      constructor() {
        constructed++;
      }
    }
    function Page() {
      const { status, lastMessage } = useWebSocket("wss://x.test", { environment: { WebSocket: Counting as never } });
      return <p>{`${status}:${String(lastMessage)}`}</p>;
    }
    expect(renderToString(<Page />)).toBe("<p>idle:null</p>");
    expect(constructed).toBe(0);
  });
});
