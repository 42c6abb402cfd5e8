// Issue 23: the panel's fault buttons, on real sockets against a real `ws` server on loopback. Each must reach the
// socket as the real fault would: the tests check what the socket then decides and what the server then sees.
import { createSocket, type Socket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import type { Fault, InspectedSocket } from "@lifeline/core/devtools";
import { heartbeat } from "@lifeline/core/heartbeat";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { PanelView } from "./Panel.js";
import { LifelineDevtools } from "./production.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

let server: FaultyServer | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.close();
  socket = undefined;
  await server?.stop();
  server = undefined;
});

const fast = { reconnect: { backoff: { baseMs: 20, maxMs: 50 }, minUptimeMs: 50 } } as const;

/** The panel open over one real socket, once it is open; returns its card. */
async function openCard(use: NonNullable<Parameters<typeof createSocket>[1]>["use"] = [browser()]) {
  server = await startFaultyServer();
  render(<LifelineDevtools initialIsOpen />);
  socket = createSocket(server.url, { use, environment: { WebSocket }, ...fast });
  await waitFor(() => expect(socket?.getSnapshot().status).toBe("open"));
  const region = await screen.findByRole("region", { name: "Lifeline sockets" });
  const heading = await within(region).findByRole("heading", { name: new RegExp(`^#\\d+ ${server.url}$`) });
  return heading.closest("section") as HTMLElement;
}

describe("faults on a real socket", () => {
  it("drop: the socket sees a 1006, reconnects, and the server sees a new connection", async () => {
    const card = await openCard();
    const seen: string[] = [];
    const stop = socket!.subscribe(() => seen.push(socket!.getSnapshot().status));
    fireEvent.click(within(card).getByRole("button", { name: "Drop (1006)" }));
    await waitFor(() => expect(seen).toContain("reconnecting"));
    expect(socket!.getSnapshot().lastClose).toMatchObject({ code: 1006, category: "lost" });
    await waitFor(() => expect(server!.acceptedConnections).toBe(2));
    await waitFor(() => expect(socket!.getSnapshot().status).toBe("open"));
    expect(within(within(card).getByRole("group", { name: "Break it" })).getByRole("status").textContent).toBe(
      "Done: Drop (1006).",
    );
    stop();
  });

  it("1008 rate limited: the socket waits for the hint, and the panel shows the close and the decision", async () => {
    const card = await openCard();
    const at = Date.now();
    fireEvent.click(within(card).getByRole("button", { name: "1008 rate limited, retry after 5 s" }));
    await waitFor(() => expect(socket!.getSnapshot().status).toBe("reconnecting"));
    expect(socket!.getSnapshot()).toMatchObject({
      lastClose: { code: 1008, reason: "rate limit exceeded; retry-after=5", policy: "rate-limited" },
      decision: { action: "after-hint", retryAfterMs: 5000 },
    });
    await waitFor(() => expect(within(card).getByText("after-hint")).toBeTruthy());
    expect(within(card).getByText("rate limit exceeded; retry-after=5")).toBeTruthy();
    // The server heard nothing more: the next attempt waits for the hint.
    expect(server!.upgradeAttempts.filter((time) => time >= at)).toEqual([]);
  });

  it("a free code and reason: checked before anything is sent, then sent as asked", async () => {
    const card = await openCard();
    const code = within(card).getByRole("textbox", { name: "Code" });
    const reason = within(card).getByRole("textbox", { name: "Reason" });
    const close = within(card).getByRole("button", { name: "Close" });
    fireEvent.change(code, { target: { value: "999" } });
    fireEvent.change(reason, { target: { value: "é".repeat(62) } });
    fireEvent.click(close);
    expect(within(card).getByText("Enter a whole number from 1000 to 4999.")).toBeTruthy();
    expect(
      within(card).getByText("The reason takes 124 bytes in UTF-8; a close reason holds at most 123."),
    ).toBeTruthy();
    expect(code.getAttribute("aria-invalid")).toBe("true");
    expect(code.getAttribute("aria-describedby")).toBeTruthy();
    // Nothing reached the socket: no fault was tried, so none failed either.
    expect(within(card).queryByRole("alert")).toBeNull();
    expect(within(within(card).getByRole("group", { name: "Break it" })).getByRole("status").textContent).toBe("");
    expect(socket!.getSnapshot().status).toBe("open");
    fireEvent.change(code, { target: { value: "4000" } });
    fireEvent.change(reason, { target: { value: "session ended" } });
    fireEvent.click(close);
    expect(within(card).queryByText("Enter a whole number from 1000 to 4999.")).toBeNull();
    await waitFor(() => expect(socket!.getSnapshot().lastClose).toMatchObject({ code: 4000, reason: "session ended" }));
  });

  it("offline and back: the socket waits offline, then connects again", async () => {
    const card = await openCard();
    const offline = within(card).getByRole("button", { name: "Offline" });
    fireEvent.click(offline);
    expect(offline.getAttribute("aria-pressed")).toBe("true");
    await waitFor(() => expect(socket!.getSnapshot().status).toBe("offline"));
    expect(within(within(card).getByRole("group", { name: "Break it" })).getByRole("status").textContent).toBe(
      "Done: offline.",
    );
    fireEvent.click(offline);
    expect(offline.getAttribute("aria-pressed")).toBe("false");
    await waitFor(() => expect(socket!.getSnapshot().status).toBe("open"));
    expect(server!.acceptedConnections).toBe(2);
  });

  it("silence: the socket hears nothing more from the server, though the connection stays up", async () => {
    const card = await openCard();
    const lastIn = () => within(card).getByText("Last message in").nextElementSibling?.textContent;
    expect(lastIn()).toBe("none yet");
    server!.broadcast("before");
    await waitFor(() => expect(lastIn()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/));
    fireEvent.click(within(card).getByRole("button", { name: "Silence (half-open)" }));
    expect(socket!.getSnapshot().status).toBe("open");
    // The server's stream is ordered: once the socket has the close that follows "after", "after" was delivered,
    // and a socket that still listened would have heard it.
    server!.broadcast("after");
    server!.closeAll(4000, "bye");
    await waitFor(() => expect(socket!.getSnapshot().lastClose?.code).toBe(4000));
    expect(socket!.getSnapshot().lastClose?.reason).toBe("bye");
    expect(within(card).getByText("Messages (1)")).toBeTruthy();
  });

  it("silence with a heartbeat: the panel shows the ping that waits for an answer, until the heartbeat drops it", async () => {
    const card = await openCard([browser(), heartbeat({ intervalMs: 300, timeoutMs: 3000 })]);
    const row = () => within(card).getByText("Heartbeat").nextElementSibling?.textContent;
    expect(row()).toBe("no ping waiting");
    fireEvent.click(within(card).getByRole("button", { name: "Silence (half-open)" }));
    await waitFor(() => expect(row()).toMatch(/^ping sent at \d\d:\d\d:\d\d\.\d{3}, no answer yet$/));
    await waitFor(() => expect(socket!.getSnapshot().lastClose?.reason).toMatch(/heartbeat/));
    await waitFor(() => expect(row()).toBe("no ping waiting"));
  });

  it("refuse 2: after a drop the next two handshakes fail before open, and the third opens", async () => {
    const card = await openCard();
    const closes: boolean[] = [];
    const stop = socket!.subscribe(() => {
      const last = socket!.getSnapshot().lastClose;
      if (last && socket!.getSnapshot().status === "reconnecting") closes.push(last.beforeOpen);
    });
    fireEvent.change(within(card).getByRole("textbox", { name: "Handshakes to refuse" }), { target: { value: "2" } });
    fireEvent.click(within(card).getByRole("button", { name: "Refuse the next handshakes" }));
    fireEvent.click(within(card).getByRole("button", { name: "Drop (1006)" }));
    await waitFor(() => expect(socket!.getSnapshot().status).toBe("open"));
    stop();
    expect(socket!.getSnapshot().failedOpens).toBe(0);
    expect(closes.filter((beforeOpen) => beforeOpen).length).toBeGreaterThanOrEqual(2);
  });
});

/** A fake socket for what needs no server: it records the faults asked for, or throws. */
function fakeSocket(fault: (fault: Fault) => void): InspectedSocket {
  const state = {
    status: "open",
    reason: "opened",
    attempt: 0,
    nextRetryAt: null,
    lastClose: null,
    openedAt: 0,
    stableAt: 0,
    queued: 0,
    failedOpens: 0,
    decision: null,
  } as const;
  return {
    id: 7,
    url: () => "wss://example.com/live",
    getSnapshot: () => state,
    features: () => [],
    queued: () => [],
    traffic: () => [],
    timeline: () => [],
    subscribe: () => () => {},
    fault,
    faults: () => ({ offline: false, refusals: 0, silenced: false }),
    pingSentAt: () => undefined,
  };
}

describe("the fault controls, with a fake socket", () => {
  it("ask for each fault the panel offers, as core's Fault spells it", () => {
    const asked: Fault[] = [];
    render(<PanelView id="p" locale="en" onClose={() => {}} sockets={[fakeSocket((fault) => asked.push(fault))]} />);
    for (const name of [
      "Drop (1006)",
      "Offline",
      "Offline",
      "Silence (half-open)",
      "1001 going away",
      "1008 rate limited, retry after 5 s",
      "4401 unauthorized",
      "4403 forbidden",
      "1011 server error",
      "1013 try again later",
      "Refuse the next handshakes",
    ]) {
      fireEvent.click(screen.getByRole("button", { name }));
    }
    expect(asked).toEqual([
      { type: "drop" },
      { type: "offline" },
      { type: "online" },
      { type: "silence" },
      { type: "close", code: 1001, reason: "going away" },
      { type: "close", code: 1008, reason: "rate limit exceeded; retry-after=5" },
      { type: "close", code: 4401, reason: "unauthorized" },
      { type: "close", code: 4403, reason: "forbidden" },
      { type: "close", code: 1011, reason: "internal error" },
      { type: "close", code: 1013, reason: "try again later" },
      { type: "refuse", count: 3 },
    ]);
  });

  it("shows an error fault() throws in the panel, and throws nothing out of it", () => {
    const broken = fakeSocket(() => {
      throw new Error("[@lifeline/core] This socket is gone.");
    });
    render(<PanelView id="p" locale="zh-CN" onClose={() => {}} sockets={[broken]} />);
    fireEvent.click(screen.getByRole("button", { name: "断开（1006）" }));
    expect(screen.getByRole("alert").textContent).toBe("故障没有生效：[@lifeline/core] This socket is gone.");
    expect(screen.getByRole("button", { name: "离线" }).getAttribute("aria-pressed")).toBe("false");
  });
});
