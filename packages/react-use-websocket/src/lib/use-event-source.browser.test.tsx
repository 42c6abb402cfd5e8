import { cleanup, configure, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, inject, it } from "vitest";
import { ReadyState } from "./constants.js";
import { resetGlobalState } from "./registry.js";
import type { EventSourceOptions } from "./types.js";
import { useEventSource } from "./use-event-source.js";

// In Chromium: its own EventSource against a real text/event-stream server (browserServers.ts).

afterEach(cleanup);
afterEach(() => resetGlobalState());
configure({ asyncUtilTimeout: 8000 });

const sse = inject("sseUrl");
const stats = async (): Promise<{ connections: number; open: number }> => (await fetch(`${sse}/stats`)).json();
const send = (data: string) => fetch(`${sse}/send`, { method: "POST", body: data });
const drop = () => fetch(`${sse}/drop`, { method: "POST" });
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Seen = { current: ReturnType<typeof useEventSource> | null };

function Feed({ options, seen }: { options?: EventSourceOptions; seen: Seen }) {
  seen.current = useEventSource(`${sse}/events`, options);
  return <p>{seen.current.lastEvent?.data ?? "none"}</p>;
}

describe("useEventSource in Chromium", () => {
  it("opens an EventSource, gives each event as lastEvent and to the events.message handler", async () => {
    const before = await stats();
    const handled: string[] = [];
    const seen: Seen = { current: null };
    render(<Feed seen={seen} options={{ events: { message: (event) => handled.push(event.data) } }} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(seen.current?.getEventSource()).toBeInstanceOf(EventSource);
    await send("first");
    await waitFor(() => expect(seen.current?.lastEvent?.data).toBe("first"));
    expect(seen.current?.lastEvent).toBeInstanceOf(MessageEvent);
    await send("second");
    await waitFor(() => expect(handled).toEqual(["first", "second"]));
    expect((await stats()).connections - before.connections).toBe(1);
  });

  it("an error ends it: onError, a synthetic close with 1006, CLOSED, and no reconnect by the EventSource itself", async () => {
    const calls: string[] = [];
    const seen: Seen = { current: null };
    render(
      <Feed
        seen={seen}
        options={{ onError: () => calls.push("error"), onClose: (event) => calls.push(`close ${event.code}`) }}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    const before = await stats();
    await drop();
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    expect(calls).toEqual(["error", "close 1006"]);
    // The stream asked for retry: 100; many times that, nothing came back.
    await settle(800);
    expect((await stats()).connections).toBe(before.connections);
  });

  it("retryOnError reconnects after reconnectInterval", async () => {
    const seen: Seen = { current: null };
    render(<Feed seen={seen} options={{ retryOnError: true, reconnectInterval: 200 }} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    const before = await stats();
    await drop();
    await waitFor(async () => expect((await stats()).connections).toBe(before.connections + 1));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    await send("after");
    await waitFor(() => expect(seen.current?.lastEvent?.data).toBe("after"));
  });
});
