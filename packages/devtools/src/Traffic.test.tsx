// Issue 23: the panel's messages, timeline and report, over a real socket and a real echo server on loopback.
import { createSocket, type Socket } from "@lifeline/core";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
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
  vi.restoreAllMocks();
});

async function openCard(path = "") {
  server = await startFaultyServer({ echo: true });
  render(<LifelineDevtools initialIsOpen />);
  socket = createSocket(`${server.url}${path}`, { environment: { WebSocket } });
  await waitFor(() => expect(socket?.getSnapshot().status).toBe("open"));
  const region = await screen.findByRole("region", { name: "Lifeline sockets" });
  const heading = await within(region).findByRole("heading", { name: /^#\d+ ws:/ });
  return heading.closest("section") as HTMLElement;
}

/** The rows of the table under the disclosure named `name`, as their cells' text. */
function rows(card: HTMLElement, name: RegExp) {
  const summary = within(card).getByText(name);
  const details = summary.closest("details") as HTMLElement;
  return [...details.querySelectorAll("tbody tr")].map((row) =>
    [...row.querySelectorAll("td")].map((cell) => cell.textContent),
  );
}

describe("messages and timeline", () => {
  it("lists the last messages in and out, newest first, and filters them by their text", async () => {
    const card = await openCard();
    act(() => {
      socket!.send("hello");
      socket!.send("price:42");
    });
    await waitFor(() => expect(rows(card, /^Messages \(4\)$/)).toHaveLength(4));
    const messages = rows(card, /^Messages/);
    expect(messages.map(([, way, size, preview]) => [way, size, preview])).toEqual([
      ["in", "8", "price:42"],
      ["in", "5", "hello"],
      ["out", "8", "price:42"],
      ["out", "5", "hello"],
    ]);
    expect(messages[0]![0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    fireEvent.change(within(card).getByRole("searchbox", { name: "Filter messages" }), { target: { value: "PRICE" } });
    expect(rows(card, /^Messages/).map((row) => row[3])).toEqual(["price:42", "price:42"]);
    fireEvent.change(within(card).getByRole("searchbox", { name: "Filter messages" }), { target: { value: "nope" } });
    expect(within(card).getByText("No message matches the filter.")).toBeTruthy();
  });

  it("shows the timeline, newest first, with each event's type and detail", async () => {
    const card = await openCard();
    act(() => void server!.closeAll(4000, "session ended"));
    await waitFor(() => expect(rows(card, /^Timeline/).some(([, type]) => type === "retry-scheduled")).toBe(true));
    const events = rows(card, /^Timeline/).map(([, type, detail]) => [type, detail]);
    expect(events.slice(-3)).toEqual([
      ["closed", '4000 Private Use "session ended"'],
      ["opened", server!.url],
      ["connecting", `#0 ${server!.url}`],
    ]);
  });

  it("renders a server's message and close reason as text, never as markup", async () => {
    const card = await openCard();
    const markup = '<img src="x" onerror="window.__lldtInjected = true">';
    act(() => void socket!.send(markup));
    await waitFor(() => expect(rows(card, /^Messages \(2\)$/)).toHaveLength(2));
    act(() => void server!.closeAll(4000, "<b>bold</b>"));
    await waitFor(() => expect(within(card).getByText("<b>bold</b>")).toBeTruthy());
    expect(rows(card, /^Messages/)[0]![3]).toBe(markup);
    expect(card.querySelector("img, b")).toBeNull();
    expect((window as { __lldtInjected?: boolean }).__lldtInjected).toBeUndefined();
  });
});

describe("the report", () => {
  it("copies the URL, state, timeline and messages as JSON, credentials redacted", async () => {
    let copied = "";
    const writeText = vi.fn(async (text: string) => {
      copied = text;
    });
    vi.spyOn(navigator, "clipboard", "get").mockReturnValue({ writeText } as unknown as Clipboard);
    const card = await openCard("/live?token=s3cret");
    act(() => void socket!.send("auth token=s3cret"));
    await waitFor(() => expect(rows(card, /^Messages \(2\)$/)).toHaveLength(2));
    fireEvent.click(within(card).getByRole("button", { name: "Copy report" }));
    await waitFor(() => expect(within(card).getByText(/^Report copied/)).toBeTruthy());
    expect(copied).not.toContain("s3cret");
    const report = JSON.parse(copied);
    expect(report.socket).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/live\?token=/);
    expect(report.snapshot).toMatchObject({ status: "open", attempt: 0 });
    expect(report.timeline.map((entry: { event: { type: string } }) => entry.event.type)).toEqual([
      "connecting",
      "opened",
    ]);
    expect(report.traffic.map((entry: { direction: string }) => entry.direction)).toEqual(["out", "in"]);
  });

  it("shows the report to copy by hand when the browser refuses the clipboard", async () => {
    const writeText = vi.fn(async () => {
      throw new DOMException("Write permission denied.", "NotAllowedError");
    });
    vi.spyOn(navigator, "clipboard", "get").mockReturnValue({ writeText } as unknown as Clipboard);
    const card = await openCard();
    fireEvent.click(within(card).getByRole("button", { name: "Copy report" }));
    const text = (await within(card).findByRole("textbox", { name: "Report (JSON)" })) as HTMLTextAreaElement;
    expect(within(card).getByText(/^The browser did not let the panel use the clipboard/)).toBeTruthy();
    expect(JSON.parse(text.value)).toMatchObject({ socket: server!.url, snapshot: { status: "open" } });
  });
});
