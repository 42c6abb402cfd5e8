// What every end-to-end test shares: the live backend's API, the server-side clock of upgrade attempts, and a
// page that records each state the banner and the status went through, so a test can assert on what the user
// saw between two checks and not only on the end.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import { E2E } from "./ports.js";

export const API = `http://127.0.0.1:${E2E.apiPort}`;

/** The app's origin. openChat goes there by full URL, so it also works in a context without a baseURL. */
export const APP = `http://127.0.0.1:${E2E.appPort}`;

async function call<T>(path: string, init: RequestInit = { method: "POST" }): Promise<T> {
  const response = await fetch(`${API}${path}`, init);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${body.error}`);
  return body;
}

/** Triggers one of the demo's faults on the live server (server/faults.ts). */
export function fault(name: string, query: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString();
  return call(`/api/faults/${name}${search ? `?${search}` : ""}`);
}

/** Calls the chaos API of @lifeline/testing directly. */
export function chaos(path: string) {
  return call(`/__chaos/${path}`);
}

/** Posts that arrived over the chat's sockets since the server started, each resend counted again. */
export async function postsReceived(): Promise<number> {
  return (await call<{ postsReceived: number }>("/api/stats", { method: "GET" })).postsReceived;
}

/** Sends `text` to every connection the server has (`POST /__chaos/broadcast`). */
export function broadcast(text: string) {
  return call<{ sent: number }>("/__chaos/broadcast", { method: "POST", body: text });
}

/** The server's counters (`GET /__chaos/stats`): connections open now, accepted in all, messages received. */
export function serverStats() {
  return call<{ openConnections: number; acceptedConnections: number; receivedMessages: number }>("/__chaos/stats", {
    method: "GET",
  });
}

/** Times of the upgrade requests the server saw after `since`, on the server's clock (the same machine's). */
export async function attemptsSince(since: number): Promise<number[]> {
  const body = await call<{ attempts: number[] }>(`/__chaos/attempts?since=${since}`, { method: "GET" });
  return body.attempts;
}

export interface ChatMessage {
  readonly id: number;
  readonly clientId: string;
  readonly author: string;
  readonly text: string;
}

export async function history(): Promise<ChatMessage[]> {
  return (await call<{ messages: ChatMessage[] }>("/api/messages", { method: "GET" })).messages;
}

/** Posts as someone else over HTTP, as another member of the room would while this page is away. */
export function postAs(author: string, text: string, clientId: string) {
  return call("/api/messages", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ clientId, author, text }),
  });
}

/** A few messages so the room (and the README's screenshots) look lived in. Fixed ids: posting twice adds nothing. */
export async function seedConversation() {
  await postAs("ada", "Deploying the new checkout at 3pm, shout if anything looks off.", "seed-1");
  await postAs("lin", "Watching the dashboards. Orders are flowing.", "seed-2");
  await postAs("ada", "If the socket drops, the banner will tell you why.", "seed-3");
}

/** The name this page posts under, as the composer shows it. */
export function authorOf(page: Page) {
  return page.getByLabel("Your name").inputValue();
}

declare global {
  interface Window {
    /** Every value `data-state` of the banner and `data-status` of the status line took, in order. */
    __seen: { banner: string[]; status: string[] };
    /** The same changes with the time each was seen (`Date.now()`, the machine's clock, as the server's is). */
    __changes: { kind: "banner" | "status"; value: string; at: number }[];
  }
}

/**
 * Opens the chat and waits for the socket to be open. `random=0.5` pins the jitter, so retry n waits half of its
 * backoff ceiling: 500 ms, 1 s, 2 s… for a lost connection.
 */
export async function openChat(page: Page, params: Record<string, string> = {}) {
  await page.addInitScript(() => {
    window.__seen = { banner: [], status: [] };
    window.__changes = [];
    const record = (element: Element) => {
      const banner = element.classList.contains("ll-banner") ? element.getAttribute("data-state") : null;
      const status = element.getAttribute("data-testid") === "status" ? element.getAttribute("data-status") : null;
      if (banner !== null && window.__seen.banner.at(-1) !== banner) {
        window.__seen.banner.push(banner);
        window.__changes.push({ kind: "banner", value: banner, at: Date.now() });
      }
      if (status !== null && window.__seen.status.at(-1) !== status) {
        window.__seen.status.push(status);
        window.__changes.push({ kind: "status", value: status, at: Date.now() });
      }
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === "attributes") record(mutation.target as Element);
        for (const node of mutation.addedNodes) {
          if (node instanceof Element) for (const element of node.querySelectorAll("*")) record(element);
        }
      }
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-state", "data-status"],
    });
  });
  const search = new URLSearchParams({ lang: "en", theme: "light", random: "0.5", ...params });
  await seedConversation();
  await page.goto(`${APP}/?${search}`);
  await expectStatus(page, "open");
}

export function expectStatus(page: Page, status: string, timeout = 10_000) {
  return expect(page.getByTestId("status")).toHaveAttribute("data-status", status, { timeout });
}

export const banner = (page: Page) => page.locator(".ll-banner");

/** The banner's live region of that role; both stay in the DOM, empty while quiet (and hidden with the banner). */
export const bannerTitle = (page: Page, role: "status" | "alert") => banner(page).locator(`[role="${role}"]`);

/** What the banner and the status line went through since the page loaded. */
export function seen(page: Page) {
  return page.evaluate(() => window.__seen);
}

/** The banner's or the status line's changes since `since` (the machine's clock), each with its time. */
export function changesSince(page: Page, kind: "banner" | "status", since: number) {
  return page.evaluate(
    ([wanted, after]) => window.__changes.filter((change) => change.kind === wanted && change.at >= after),
    [kind, since] as const,
  );
}

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Saves a screenshot for the README under docs/screenshots/. */
export async function screenshot(page: Page, name: string) {
  const path = resolve(REPO, "docs/screenshots", `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}

/** Types a message into the composer and sends it. */
export async function send(page: Page, text: string) {
  await page.getByLabel("Message", { exact: true }).fill(text);
  // Exact: another button whose name merely contains "Send" (a fault, say) must not be clicked instead.
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

/** The texts of `author`'s messages in the list, confirmed and pending, top to bottom. */
export function listedTexts(page: Page, author: string) {
  return page
    .locator(".chat__message")
    .filter({ has: page.locator(".chat__author", { hasText: new RegExp(`^${author}$`) }) })
    .locator(".chat__text")
    .allTextContents();
}
