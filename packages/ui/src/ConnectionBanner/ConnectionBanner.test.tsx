import {
  type CloseClassification,
  classifyClose,
  createSocket,
  type RetryAction,
  type Socket,
  type SocketState,
} from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { createMessageStore } from "@lifeline/core/messages";
import { createFakeWebSocket } from "@lifeline/testing";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { Profiler } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocaleProvider } from "../LocaleProvider.js";
import { bannerEn } from "../locales/en.js";
import { bannerZhCN, uiZhCN } from "../locales/zh-CN.js";
import { ConnectionBanner } from "./ConnectionBanner.js";
import type { BannerLabels } from "./labels.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

let fake: ReturnType<typeof createFakeWebSocket>;
let socket: Socket;
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  fake = createFakeWebSocket();
  // A long first retry (9.99 s) leaves time to watch the countdown.
  socket = createSocket("wss://x.test", {
    use: [browser()],
    environment: { WebSocket: fake.WebSocket, random: () => 0.999 },
    reconnect: { backoff: { baseMs: 10_000 } },
  });
});
afterEach(() => {
  vi.useRealTimers();
});

const live = () => screen.getByRole("status");
const alert = () => screen.getByRole("alert");
const banner = (container: HTMLElement) => container.querySelector(".ll-banner") as HTMLElement;

describe("ConnectionBanner", () => {
  it("stays silent through a blip, then says the connection is lost with a live countdown", () => {
    const { container } = render(<ConnectionBanner source={socket} />);
    act(() => fake.last().open());
    expect(banner(container).dataset.state).toBe("hidden");
    // Held past the socket's 5 s minimum uptime: the next drop is new trouble, with its own grace period.
    act(() => vi.advanceTimersByTime(10_000));
    act(() => fake.last().drop());
    expect(live().textContent).toBe("");
    act(() => vi.advanceTimersByTime(1500));
    expect(banner(container).dataset.state).toBe("lost");
    expect(live().textContent).toBe("Connection lost.");
    expect(screen.getByText(/^Retrying in \d seconds…$/).textContent).toBe("Retrying in 9 seconds…");
    expect(alert().textContent).toBe("");
  });

  it("counts down second by second without touching the live region", () => {
    render(<ConnectionBanner source={socket} />);
    act(() => fake.last().open());
    act(() => fake.last().drop());
    act(() => vi.advanceTimersByTime(1500));
    const region = live();
    const announced: string[] = [];
    const observer = new MutationObserver(() => announced.push(region.textContent ?? ""));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    const shown: string[] = [];
    for (let second = 0; second < 4; second++) {
      shown.push(screen.getByText(/^Retrying in \d seconds…$/).textContent ?? "");
      act(() => vi.advanceTimersByTime(1000));
    }
    observer.disconnect();
    expect(shown).toEqual([
      "Retrying in 9 seconds…",
      "Retrying in 8 seconds…",
      "Retrying in 7 seconds…",
      "Retrying in 6 seconds…",
    ]);
    expect(announced).toEqual([]);
    expect(region.textContent).toBe("Connection lost.");
  });

  it("retries at once from the Retry now button", () => {
    render(<ConnectionBanner source={socket} timing={{ graceMs: 0 }} />);
    act(() => fake.last().open());
    act(() => fake.last().drop());
    fireEvent.click(screen.getByRole("button", { name: "Retry now" }));
    expect(socket.getSnapshot()).toMatchObject({ status: "connecting", reason: "reconnect-called" });
    expect(fake.sockets).toHaveLength(2);
  });

  it("offers Retry now and Reconnect only when the source has a reconnect() to call", () => {
    // A store of the socket's state without its actions, as an app that mirrors a socket living elsewhere passes.
    const store = {
      subscribe: (listener: () => void) => socket.subscribe(listener),
      getSnapshot: () => socket.getSnapshot(),
    };
    const { container, rerender } = render(<ConnectionBanner source={store} timing={{ graceMs: 0 }} />);
    act(() => fake.last().open());
    act(() => fake.last().drop());
    expect(banner(container).dataset.state).toBe("lost");
    expect(screen.queryByRole("button")).toBeNull();
    expect(container.querySelector(".ll-banner__actions")).toBeNull();
    act(() => vi.advanceTimersByTime(10_000));
    act(() => fake.last().open());
    act(() => fake.last().serverClose(1008, "policy"));
    expect(banner(container).dataset.state).toBe("rejected");
    expect(screen.queryByRole("button")).toBeNull();
    // The socket itself can: the same stopped state offers Reconnect, and it works.
    rerender(<ConnectionBanner source={socket} timing={{ graceMs: 0 }} />);
    fireEvent.click(screen.getByRole("button", { name: "Reconnect" }));
    expect(socket.getSnapshot()).toMatchObject({ status: "connecting", reason: "reconnect-called" });
  });

  it("says a rate-limit rejection at once, with when it will try again", () => {
    const { container } = render(<ConnectionBanner source={socket} />);
    act(() => fake.last().open());
    act(() => fake.last().serverClose(1008, "Too Many Requests"));
    expect(banner(container).dataset.state).toBe("rate-limited");
    expect(live().textContent).toBe("Rejected: rate limited.");
    expect(screen.getByText(/^Trying again in \d+ seconds\.$/)).toBeTruthy();
  });

  it("asks the user to sign in, through the alert region, once credentials failed", async () => {
    const onSignIn = vi.fn();
    render(<ConnectionBanner source={socket} onSignIn={onSignIn} />);
    act(() => fake.last().open());
    act(() => fake.last().serverClose(4401, "token expired"));
    await act(() => vi.advanceTimersByTimeAsync(0));
    act(() => fake.last().open());
    act(() => fake.last().serverClose(4401, "token expired"));
    expect(alert().textContent).toBe("Rejected: your session has expired.");
    expect(live().textContent).toBe("");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(onSignIn).toHaveBeenCalledTimes(1);
  });

  it("keeps the server's close reason out of the banner unless details are asked for", () => {
    const { container, rerender } = render(<ConnectionBanner source={socket} />);
    act(() => fake.last().open());
    act(() => fake.last().serverClose(1008, "secret-token-xyz"));
    expect(alert().textContent).toBe("Rejected by the server.");
    expect(banner(container).textContent).not.toContain("secret-token-xyz");
    expect(container.querySelector(".ll-banner__details")).toBeNull();
    rerender(<ConnectionBanner source={socket} details />);
    expect(container.querySelector(".ll-banner__details dd:last-of-type")?.textContent).toBe("secret-token-xyz");
    expect(banner(container).textContent).toContain("secret-token-xyz");
  });

  it("with details, shows the server's reason only under Details, and only as text", () => {
    const { container } = render(<ConnectionBanner source={socket} details />);
    act(() => fake.last().open());
    const hostile = '<img src=x onerror="alert(1)">';
    act(() => fake.last().serverClose(1008, hostile));
    expect(container.querySelector("img")).toBeNull();
    expect(alert().textContent).toBe("Rejected by the server.");
    expect(container.querySelector(".ll-banner__details dd:last-of-type")?.textContent).toBe(hostile);
  });

  it("speaks Chinese with the zh-CN locale, and takes overrides for any string", () => {
    const { container, rerender } = render(
      <ConnectionBanner source={socket} locale={bannerZhCN} timing={{ graceMs: 0 }} />,
    );
    act(() => fake.last().open());
    act(() => fake.last().drop());
    expect(live().textContent).toBe("连接已断开");
    // The wait in Chinese word order, from Intl.RelativeTimeFormat: "10秒后", not "10 秒后" or "in 10 s".
    expect(container.querySelector(".ll-banner__message")?.textContent).toBe("10秒后重试…");
    expect(banner(container).lang).toBe("zh-CN");
    expect(screen.getByRole("button", { name: "立即重试" })).toBeTruthy();
    rerender(<ConnectionBanner source={socket} timing={{ graceMs: 0 }} labels={{ lost: { title: "Signal lost." } }} />);
    expect(live().textContent).toBe("Signal lost.");
  });

  it("keeps the locale's words where an override or a locale leaves a group or a string undefined", () => {
    const { rerender } = render(
      <ConnectionBanner
        source={socket}
        timing={{ graceMs: 0 }}
        labels={{ lost: undefined, actions: { retryNow: undefined, reconnect: "Again" } }}
      />,
    );
    act(() => fake.last().open());
    act(() => fake.last().drop());
    expect(live().textContent).toBe("Connection lost.");
    expect(screen.getByRole("button", { name: "Retry now" })).toBeTruthy();
    // A locale built by hand (or loaded as JSON) that misses a group falls back to English for that group only.
    const partial = { ...bannerZhCN, lost: undefined } as unknown as BannerLabels;
    rerender(<ConnectionBanner source={socket} timing={{ graceMs: 0 }} locale={partial} />);
    expect(live().textContent).toBe("Connection lost.");
    expect(screen.getByRole("button", { name: "立即重试" })).toBeTruthy();
  });

  it("takes its language from a LocaleProvider when no locale prop is given", () => {
    render(
      <LocaleProvider locale={uiZhCN}>
        <ConnectionBanner source={socket} timing={{ graceMs: 0 }} />
      </LocaleProvider>,
    );
    act(() => fake.last().open());
    act(() => fake.last().drop());
    expect(live().textContent).toBe("连接已断开");
  });

  // Issue 14: every open hid the banner and flashed "Reconnected.", even one the server cut 1 ms later. Issue 20: it
  // then waited for the socket's 5 s minimum uptime; the banner's own heldMs (1 s) decides.
  it("says Reconnected once the connection held for a second, not the socket's 5 s minimum uptime, then hides itself", () => {
    const { container } = render(<ConnectionBanner source={socket} timing={{ graceMs: 0 }} />);
    act(() => fake.last().open());
    act(() => fake.last().drop());
    act(() => vi.advanceTimersByTime(10_000));
    act(() => fake.last().open());
    expect(live().textContent).toBe("Reconnecting…");
    act(() => vi.advanceTimersByTime(999));
    expect(live().textContent).toBe("Reconnecting…");
    act(() => vi.advanceTimersByTime(1));
    expect(live().textContent).toBe("Reconnected.");
    act(() => vi.advanceTimersByTime(2999));
    expect(live().textContent).toBe("Reconnected.");
    act(() => vi.advanceTimersByTime(1));
    expect(banner(container).dataset.state).toBe("hidden");
    expect(live().textContent).toBe("");
  });

  it("goes on saying the connection is lost when a reopened connection is cut before it held", () => {
    const { container } = render(<ConnectionBanner source={socket} timing={{ graceMs: 0 }} />);
    act(() => fake.last().open());
    act(() => fake.last().drop());
    const seen = [banner(container).dataset.state];
    act(() => vi.advanceTimersByTime(10_000));
    seen.push(banner(container).dataset.state);
    act(() => fake.last().open());
    seen.push(banner(container).dataset.state);
    act(() => vi.advanceTimersByTime(1));
    act(() => fake.last().drop());
    seen.push(banner(container).dataset.state);
    expect(seen).toEqual(["lost", "reconnecting", "reconnecting", "lost"]);
    expect(live().textContent).toBe("Connection lost.");
  });

  it("does not render because a message arrived", () => {
    let renders = 0;
    render(
      <Profiler id="banner" onRender={() => renders++}>
        <ConnectionBanner source={socket} />
      </Profiler>,
    );
    act(() => fake.last().open());
    renders = 0;
    for (let index = 0; index < 100; index++) act(() => fake.last().receive(`m${index}`));
    expect(renders).toBe(0);
  });

  it("does not render for a message in a store that carries them, nor for sends queued while it shows", () => {
    let renders = 0;
    const { container } = render(
      <Profiler id="banner" onRender={() => renders++}>
        <ConnectionBanner source={createMessageStore(socket)} timing={{ graceMs: 0 }} />
      </Profiler>,
    );
    act(() => fake.last().open());
    renders = 0;
    for (let index = 0; index < 20; index++) act(() => fake.last().receive(`m${index}`));
    expect(renders).toBe(0);
    act(() => fake.last().drop());
    expect(banner(container).dataset.state).toBe("lost");
    renders = 0;
    for (let index = 0; index < 5; index++) act(() => void socket.send(`s${index}`));
    expect(socket.getSnapshot().queued).toBe(5);
    expect(renders).toBe(0);
    act(() => vi.advanceTimersByTime(1000));
    expect(renders).toBe(1);
  });
});

// Issue 14: every message in both locales, the wait written by Intl.RelativeTimeFormat in the locale's language.
describe("ConnectionBanner's messages", () => {
  const base: SocketState = {
    status: "reconnecting",
    reason: "connection-lost",
    attempt: 1,
    nextRetryAt: null,
    lastClose: classifyClose({ code: 1006 }, { opened: true }),
    openedAt: null,
    stableAt: null,
    queued: 0,
    failedOpens: 0,
    decision: null,
  };
  const close = (code: number, reason = "", opened = true) => classifyClose({ code, reason }, { opened });
  // The close and what the socket did about it (`decision`), which is what the banner reads: its own action while it
  // retries, "never" once it stopped.
  const decided = (lastClose: CloseClassification, action: RetryAction = lastClose.retry.action) => ({
    lastClose,
    decision: {
      action,
      category: lastClose.category,
      delayMs: action === "never" ? null : 4200,
      retryAfterMs: action === "never" ? null : (lastClose.retry.retryAfterMs ?? null),
    },
  });
  const stopped = { status: "closed", nextRetryAt: null } as const;
  const cases: [string, Partial<SocketState>, string | null, string | null][] = [
    ["lost", {}, "Retrying in 5 seconds…", "5秒后重试…"],
    ["lost, one second left", { nextRetryAt: 1900 }, "Retrying in 1 second…", "1秒后重试…"],
    ["lost, the wait over", { nextRetryAt: 1000 }, "Retrying now…", "正在重试…"],
    ["reconnecting", { status: "connecting", reason: "retry-timer", nextRetryAt: null }, null, null],
    [
      "unreachable",
      { reason: "connect-failed", failedOpens: 3, lastClose: close(1006, "", false) },
      "Retrying in 5 seconds…",
      "5秒后重试…",
    ],
    ["restarting", decided(close(1012)), "Reconnecting in 5 seconds…", "5秒后重新连接…"],
    ["busy", decided(close(1013)), "Retrying in 5 seconds…", "5秒后重试…"],
    ["rate limited", decided(close(1008, "rate limit exceeded")), "Trying again in 5 seconds.", "5秒后重试。"],
    [
      "rate limited, stopped",
      { ...stopped, reason: "retries-exhausted", ...decided(close(4429), "never") },
      "It won't try again on its own.",
      "不会再自动重试。",
    ],
    [
      "auth",
      { ...stopped, reason: "credentials-failed", ...decided(close(4401), "never") },
      "Sign in again to continue.",
      "请重新登录后继续。",
    ],
    [
      "forbidden",
      decided(close(3003), "backoff"),
      "This account can't use this connection.",
      "当前账号无权使用此连接。",
    ],
    ["rejected, retrying", decided(close(1008, "policy 17"), "backoff"), "Retrying in 5 seconds…", "5秒后重试…"],
    [
      "rejected",
      { ...stopped, reason: "retry-refused", ...decided(close(1008)) },
      "It won't reconnect on its own.",
      "不会自动重新连接。",
    ],
    ["offline", { status: "offline", reason: "network-offline" }, "Waiting for the network…", "正在等待网络恢复…"],
    [
      "gave up",
      { ...stopped, reason: "retries-exhausted", ...decided(close(1006), "never") },
      "Try again when you're ready.",
      "请稍后点击“重新连接”重试。",
    ],
  ];

  it.each(cases)("says the right message while %s, in English and Chinese", (_, patch, english, chinese) => {
    // 4.2 s before the next attempt by the banner's clock: the countdown says 5.
    const snapshot: SocketState = { ...base, nextRetryAt: 5200, ...patch };
    const source = { subscribe: () => () => {}, getSnapshot: () => snapshot, reconnect: () => {} };
    const message = (container: HTMLElement) => container.querySelector(".ll-banner__message")?.textContent ?? null;
    for (const [locale, expected] of [
      [bannerEn, english],
      [bannerZhCN, chinese],
    ] as const) {
      const { container, unmount } = render(
        <ConnectionBanner source={source} locale={locale} timing={{ graceMs: 0 }} now={() => 1000} />,
      );
      expect(banner(container).dataset.state).not.toBe("hidden");
      expect(message(container)).toBe(expected);
      unmount();
    }
  });
});
