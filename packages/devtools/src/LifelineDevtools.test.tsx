// Issue 23: the devtools toggle and panel, against real sockets on a real `ws` server on loopback. The production
// entry is imported first, as an app's devtools import would be: from then on core lists every socket made.

import { createSocket, type Socket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { en as closeEn } from "@lifeline/core/locales/en";
import { zhCN as closeZhCN } from "@lifeline/core/locales/zh-CN";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { OPEN_KEY } from "./openState.js";
import { LifelineDevtools } from "./production.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);
// Real servers on loopback: give every wait room on a loaded CI machine.
configure({ asyncUtilTimeout: 10_000 });

let server: FaultyServer | undefined;
const sockets: Socket[] = [];
beforeEach(() => localStorage.clear());
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const fast = { reconnect: { backoff: { baseMs: 20, maxMs: 50 }, minUptimeMs: 50 } } as const;

async function openSocket() {
  server ??= await startFaultyServer({ echo: true });
  const socket = createSocket(server.url, { use: [browser()], environment: { WebSocket }, ...fast });
  sockets.push(socket);
  return socket;
}

const panel = (name = "Lifeline sockets") => screen.findByRole("region", { name });
const toggle = (name = "Lifeline devtools") => screen.getByRole("button", { name });
/** The card of the test's socket, once the panel shows it. */
const card = async () => {
  const region = await panel();
  return waitFor(() => {
    const heading = within(region).getByRole("heading", { name: new RegExp(`^#\\d+ ${server!.url}$`) });
    return heading.closest("section") as HTMLElement;
  });
};

describe("the toggle", () => {
  it("is a closed button by default, and opens the lazy panel that controls it", async () => {
    render(<LifelineDevtools />);
    const button = toggle();
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("region")).toBeNull();
    fireEvent.click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    const region = await panel();
    expect(button.getAttribute("aria-controls")).toBe(region.id);
  });

  it("keeps the open state in localStorage, so a remount (a reload) opens it again", async () => {
    const first = render(<LifelineDevtools />);
    fireEvent.click(toggle());
    await panel();
    expect(localStorage.getItem(OPEN_KEY)).toBe("true");
    first.unmount();
    render(<LifelineDevtools />);
    expect(toggle().getAttribute("aria-expanded")).toBe("true");
    await panel();
  });

  it("starts open with initialIsOpen when nothing is stored, and a stored choice wins over it", async () => {
    const first = render(<LifelineDevtools initialIsOpen />);
    await panel();
    fireEvent.click(toggle());
    expect(localStorage.getItem(OPEN_KEY)).toBe("false");
    first.unmount();
    render(<LifelineDevtools initialIsOpen />);
    expect(toggle().getAttribute("aria-expanded")).toBe("false");
  });

  it("still opens and closes when localStorage throws", async () => {
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("full", "QuotaExceededError");
    });
    render(<LifelineDevtools />);
    fireEvent.click(toggle());
    await panel();
    fireEvent.click(toggle());
    expect(toggle().getAttribute("aria-expanded")).toBe("false");
  });

  it("closes on Escape and gives the focus back to the toggle", async () => {
    render(<LifelineDevtools initialIsOpen />);
    const region = await panel();
    const close = within(region).getByRole("button", { name: "Close the devtools" });
    close.focus();
    fireEvent.keyDown(close, { key: "Escape" });
    expect(screen.queryByRole("region")).toBeNull();
    expect(document.activeElement).toBe(toggle());
    expect(toggle().getAttribute("aria-expanded")).toBe("false");
  });

  it("takes its position and theme as data attributes, and speaks Chinese when asked", async () => {
    const { container } = render(
      <LifelineDevtools initialIsOpen buttonPosition="top-left" theme="dark" locale="zh-CN" />,
    );
    const root = container.querySelector(".lldt-root") as HTMLElement;
    expect(root.dataset).toMatchObject({ position: "top-left", theme: "dark" });
    expect(root.lang).toBe("zh-CN");
    await panel("Lifeline 连接");
    expect(toggle("Lifeline 开发工具")).toBeTruthy();
  });

  it("renders nothing on the server, and does not throw there", () => {
    expect(renderToString(<LifelineDevtools initialIsOpen />)).toBe("");
  });
});

describe("the entries", () => {
  it("the default entry renders nothing when NODE_ENV is production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.resetModules();
    const { LifelineDevtools: Default } = await import("./index.js");
    const { container } = render(<Default initialIsOpen />);
    expect(container.innerHTML).toBe("");
  });

  it("the default entry renders the toggle when NODE_ENV is development", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.resetModules();
    const { LifelineDevtools: Default } = await import("./index.js");
    render(<Default />);
    expect(toggle()).toBeTruthy();
  });
});

describe("the panel, over real sockets", () => {
  it("lists a socket made after the devtools loaded, with its URL, status, attempt and features", async () => {
    render(<LifelineDevtools initialIsOpen />);
    await panel();
    const socket = await openSocket();
    const section = await card();
    const facts = section.querySelector(".lldt-facts") as HTMLElement;
    await waitFor(() => expect(within(facts).getByText("open")).toBeTruthy());
    expect(within(facts).getByText("opened")).toBeTruthy();
    expect(within(facts).getByText("platform, closeReasons")).toBeTruthy();
    socket.close();
    await waitFor(() => expect(within(screen.getByRole("region")).queryByRole("heading", { level: 3 })).toBeNull());
  });

  it("shows a rate-limited close: its classification, the decision, why, and a countdown to the next attempt", async () => {
    render(<LifelineDevtools initialIsOpen />);
    const socket = await openSocket();
    const section = await card();
    await waitFor(() => expect(within(section).getByText("open")).toBeTruthy());
    act(() => void server!.closeAll(1008, "rate limit exceeded; retry-after=5"));
    await waitFor(() => expect(within(section).getByText("reconnecting")).toBeTruthy());
    expect(within(section).getByText("rate limit exceeded; retry-after=5")).toBeTruthy();
    expect(within(section).getByText("after-hint")).toBeTruthy();
    expect(within(section).getByText("rate-limited")).toBeTruthy();
    // The close-code texts come in a chunk of their own, fetched with the panel's language.
    await waitFor(() => expect(within(section).getByText(closeEn.codes[1008]!.meaning)).toBeTruthy());
    const countdown = section.querySelector(".lldt-countdown") as HTMLElement;
    // The hint's 5 s plus the jitter the socket adds on top of it.
    const seconds = () => Number(/^in (\d+) s$/.exec(countdown.textContent ?? "")?.[1]);
    const first = seconds();
    expect(first).toBeGreaterThanOrEqual(4);
    expect(first).toBeLessThanOrEqual(Math.ceil(socket.getSnapshot().decision!.delayMs! / 1000));
    // The ticker moves it on by itself, with no change to the socket.
    await waitFor(() => expect(seconds()).toBeLessThan(first));
  });

  it("explains the close in Chinese when the panel speaks Chinese", async () => {
    render(<LifelineDevtools initialIsOpen locale="zh-CN" />);
    const socket = await openSocket();
    const region = await panel("Lifeline 连接");
    await waitFor(() => expect(within(region).getByText("open")).toBeTruthy());
    act(() => void server!.closeAll(4403, "forbidden"));
    await waitFor(() => expect(within(region).getByText(closeZhCN.ranges.private.meaning)).toBeTruthy());
    socket.close();
  });
});
