/**
 * A stand-in for the browser's `WebSocket`, for unit tests that drive the network by hand and synchronously.
 *
 * The client-facing surface follows the WHATWG WebSockets standard (whatwg/websockets:index.bs) and what Chromium
 * does where the two differ; the test controls (`open`, `receive`, `serverClose`, `drop`, `failHandshake`) stand for
 * what a server or the network would do, and dispatch their events before they return.
 */
import { FakeCloseEvent } from "./fakeCloseEvent.js";

// TextEncoder rather than Node's Buffer, so the fake also runs in a browser (Storybook's simulated connections).
const encoder = new TextEncoder();
const utf8Bytes = (text: string) => encoder.encode(text).byteLength;

// Typed as the DOM types the browser's handlers, so whatever accepts a browser WebSocket accepts the fake.
type EventHandler<E extends Event> = (this: FakeWebSocket, event: E) => unknown;

type SocketData = string | ArrayBufferLike | Blob | ArrayBufferView;

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
type ReadyState = typeof CONNECTING | typeof OPEN | typeof CLOSING | typeof CLOSED;

// RFC 6455 §4.1: each subprotocol is an HTTP token (RFC 7230 §3.2.6).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6455 §5.5: a Close frame's payload is at most 125 bytes, 2 of which hold the code.
const MAX_REASON_BYTES = 123;

function parseUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DOMException(
      `[@lifeline/testing] new WebSocket(${JSON.stringify(String(url))}): the URL is invalid. Pass an absolute ws:// or wss:// URL; there is no document base URL to resolve against.`,
      "SyntaxError",
    );
  }
  // Browsers accept http(s) URLs and switch the scheme (whatwg/websockets, "new WebSocket(url, protocols)" step 4).
  if (parsed.protocol === "http:") parsed.protocol = "ws:";
  else if (parsed.protocol === "https:") parsed.protocol = "wss:";
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    throw new DOMException(
      `[@lifeline/testing] new WebSocket(${JSON.stringify(String(url))}): the scheme ${parsed.protocol} is not allowed. Use ws:, wss:, http: or https:.`,
      "SyntaxError",
    );
  }
  // A URL serializes a "#" only when it has a fragment, even an empty one, which browsers reject too.
  if (parsed.href.includes("#")) {
    throw new DOMException(
      `[@lifeline/testing] new WebSocket(${JSON.stringify(String(url))}): the URL has a fragment. Remove the "#..." part; a WebSocket URL cannot have one.`,
      "SyntaxError",
    );
  }
  return parsed.href;
}

function parseProtocols(protocols: string | readonly string[] | undefined): readonly string[] {
  const list = protocols === undefined ? [] : typeof protocols === "string" ? [protocols] : [...protocols];
  for (const [index, protocol] of list.entries()) {
    if (!TOKEN.test(protocol) || list.indexOf(protocol) !== index) {
      throw new DOMException(
        `[@lifeline/testing] new WebSocket(url, protocols): the subprotocol ${JSON.stringify(protocol)} is ${TOKEN.test(protocol) ? "listed twice" : "not a valid token"}. Pass each subprotocol once, as a token without spaces or separators.`,
        "SyntaxError",
      );
    }
  }
  return list;
}

function byteLength(data: unknown): number {
  if (typeof data === "string") return utf8Bytes(data);
  if (data instanceof Blob) return data.size;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  // SharedArrayBuffer is missing in pages without cross-origin isolation.
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && data instanceof SharedArrayBuffer)) {
    return data.byteLength;
  }
  return utf8Bytes(String(data));
}

/**
 * A fake WebSocket made by `createFakeWebSocket()`. Client side as in a browser; test controls stand for the server
 * and the network.
 */
export class FakeWebSocket extends EventTarget {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSING = CLOSING;
  readonly CLOSED = CLOSED;

  /** The URL as the browser serializes it, with http(s) turned into ws(s). */
  readonly url: string;
  /** The subprotocols the client asked for (not part of the browser's API; for assertions). */
  readonly protocols: readonly string[];
  /** Everything the client passed to `send()` while the socket was open, in order, as passed. */
  readonly sent: unknown[] = [];
  /** The code the client passed to its first `close()` (undefined when it passed none), or null before any (for assertions). */
  closeCode: number | undefined | null = null;
  readonly extensions = "";

  #readyState: ReadyState = CONNECTING;
  #protocol = "";
  #bufferedAmount = 0;
  #binaryType: BinaryType = "blob";
  // Where a pending close() came from: a close during CONNECTING fails the connection, one after OPEN is clean.
  #closingFrom: "connecting" | "open" | null = null;
  readonly #handlers = new Map<string, { handler: EventHandler<Event>; listener: (event: Event) => void }>();

  constructor(url: string | URL, protocols?: string | readonly string[]) {
    super();
    this.url = parseUrl(url);
    this.protocols = parseProtocols(protocols);
  }

  get readyState(): ReadyState {
    return this.#readyState;
  }

  /** The subprotocol the server picked; "" until `open(protocol)`. */
  get protocol(): string {
    return this.#protocol;
  }

  /** Bytes passed to `send()` after the socket began closing, which a browser counts but never sends. */
  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }

  get binaryType(): BinaryType {
    return this.#binaryType;
  }

  set binaryType(value: BinaryType) {
    // An IDL enum attribute ignores values outside the enum instead of throwing.
    if (value === "blob" || value === "arraybuffer") this.#binaryType = value;
  }

  get onopen(): EventHandler<Event> | null {
    return this.#handlers.get("open")?.handler ?? null;
  }
  set onopen(handler: EventHandler<Event> | null) {
    this.#setHandler("open", handler);
  }
  get onmessage(): EventHandler<MessageEvent> | null {
    return (this.#handlers.get("message")?.handler as EventHandler<MessageEvent> | undefined) ?? null;
  }
  set onmessage(handler: EventHandler<MessageEvent> | null) {
    this.#setHandler("message", handler as EventHandler<Event> | null);
  }
  get onclose(): EventHandler<FakeCloseEvent> | null {
    return (this.#handlers.get("close")?.handler as EventHandler<FakeCloseEvent> | undefined) ?? null;
  }
  set onclose(handler: EventHandler<FakeCloseEvent> | null) {
    this.#setHandler("close", handler as EventHandler<Event> | null);
  }
  get onerror(): EventHandler<Event> | null {
    return this.#handlers.get("error")?.handler ?? null;
  }
  set onerror(handler: EventHandler<Event> | null) {
    this.#setHandler("error", handler);
  }

  /** Like the browser: throws while CONNECTING, records while OPEN, drops silently once closing. */
  send(data: SocketData): void {
    if (this.#readyState === CONNECTING) {
      throw new DOMException(
        "[@lifeline/testing] send() was called while the socket is CONNECTING. Wait for the open event, as a browser requires.",
        "InvalidStateError",
      );
    }
    if (this.#readyState === OPEN) this.sent.push(data);
    else this.#bufferedAmount += byteLength(data);
  }

  /**
   * Like the browser: validates first, does nothing once closing, fails a connection that has not opened, and
   * otherwise completes a clean closing handshake in a microtask, as the server's Close frame would.
   */
  close(code?: number, reason?: string): void {
    if (code !== undefined && !(code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999))) {
      throw new DOMException(
        `[@lifeline/testing] close(${code}): a page may only close with 1000 or a code in 3000-4999. Pick one of those; the other codes are reserved for servers and the browser.`,
        "InvalidAccessError",
      );
    }
    const reasonText = reason === undefined ? "" : String(reason);
    if (utf8Bytes(reasonText) > MAX_REASON_BYTES) {
      throw new DOMException(
        `[@lifeline/testing] close(code, reason): the reason is ${utf8Bytes(reasonText)} bytes of UTF-8. Shorten it to ${MAX_REASON_BYTES} bytes or fewer.`,
        "SyntaxError",
      );
    }
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    this.closeCode = code;
    if (this.#readyState === CONNECTING) {
      this.#readyState = CLOSING;
      this.#closingFrom = "connecting";
      queueMicrotask(() => {
        if (this.#readyState === CLOSING) this.#fail();
      });
      return;
    }
    this.#readyState = CLOSING;
    this.#closingFrom = "open";
    // A reason without a code goes out as 1000 (whatwg/websockets, "close the WebSocket"); no code at all is 1005.
    const closeCode = code ?? (reasonText === "" ? 1005 : 1000);
    queueMicrotask(() => {
      if (this.#readyState === CLOSING) this.#finish(closeCode, reasonText, true);
    });
  }

  /** Test control: the server accepted the handshake, optionally picking one of the requested subprotocols. */
  open(protocol = ""): void {
    // The client gave up first (close() while CONNECTING): a late accept changes nothing for the page.
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    if (this.#readyState === OPEN) {
      throw new Error(
        "[@lifeline/testing] open() was called on a socket that is already open. Call it once per socket.",
      );
    }
    if (protocol !== "" && !this.protocols.includes(protocol)) {
      throw new Error(
        `[@lifeline/testing] open(${JSON.stringify(protocol)}): the client did not ask for that subprotocol. Pick one of ${JSON.stringify(this.protocols)} or "".`,
      );
    }
    this.#protocol = protocol;
    this.#readyState = OPEN;
    this.dispatchEvent(new Event("open"));
  }

  /** Test control: a message from the server. `data` is delivered as given; `binaryType` converts nothing. */
  receive(data: unknown): void {
    // Browsers discard messages that arrive once closing has started.
    if (this.#readyState === CLOSING) return;
    this.#expectState("receive()", "an open", OPEN);
    this.dispatchEvent(new MessageEvent("message", { data, origin: new URL(this.url).origin }));
  }

  /** Test control: the server sent a Close frame with this code and reason. The close is clean. */
  serverClose(code: number, reason = ""): void {
    if (code === 1005 || code === 1006 || code === 1015) {
      throw new Error(
        `[@lifeline/testing] serverClose(${code}): a Close frame cannot carry ${code}. Use serverCloseNoStatus() for 1005 or drop() for 1006.`,
      );
    }
    if (utf8Bytes(reason) > MAX_REASON_BYTES) {
      throw new Error(
        `[@lifeline/testing] serverClose(${code}, reason): the reason is ${utf8Bytes(reason)} bytes of UTF-8. Shorten it to ${MAX_REASON_BYTES} bytes or fewer; a Close frame holds no more.`,
      );
    }
    this.#expectOpened("serverClose()");
    this.#finish(code, reason, true);
  }

  /** Test control: the server sent a Close frame with no status code. The page sees 1005, clean. */
  serverCloseNoStatus(): void {
    this.#expectOpened("serverCloseNoStatus()");
    this.#finish(1005, "", true);
  }

  /**
   * Test control: the TCP connection was lost after open (crash, proxy idle timeout, network change). The page sees
   * 1006, not clean, and no error event: Chromium fires none for a drop after open.
   */
  drop(): void {
    this.#expectOpened("drop()");
    this.#finish(1006, "", false);
  }

  /** Test control: the handshake failed (refused, HTTP 4xx/5xx, DNS). The page sees error, then close 1006. */
  failHandshake(): void {
    // After close() while CONNECTING the failure is already on its way; the server's refusal only makes it sooner.
    if (!(this.#readyState === CLOSING && this.#closingFrom === "connecting")) {
      this.#expectState("failHandshake()", "a connecting", CONNECTING);
    }
    this.#fail();
  }

  #setHandler(type: string, handler: EventHandler<Event> | null): void {
    const current = this.#handlers.get(type);
    if (typeof handler !== "function") {
      if (current) this.removeEventListener(type, current.listener);
      this.#handlers.delete(type);
      return;
    }
    // As in the DOM, a handler keeps the place among listeners it got when it was first set.
    if (current) {
      current.handler = handler;
      return;
    }
    const entry = {
      handler,
      listener: (event: Event) => {
        entry.handler.call(this, event);
      },
    };
    this.#handlers.set(type, entry);
    this.addEventListener(type, entry.listener);
  }

  #fail(): void {
    this.#readyState = CLOSED;
    this.dispatchEvent(new Event("error"));
    this.dispatchEvent(new FakeCloseEvent("close", { code: 1006, reason: "", wasClean: false }));
  }

  #finish(code: number, reason: string, wasClean: boolean): void {
    this.#readyState = CLOSED;
    this.dispatchEvent(new FakeCloseEvent("close", { code, reason, wasClean }));
  }

  #expectOpened(control: string): void {
    if (this.#readyState === OPEN || (this.#readyState === CLOSING && this.#closingFrom === "open")) return;
    const hint =
      this.#readyState === CLOSED ? "Create a new socket for the next connection." : "Use failHandshake() before open.";
    throw new Error(
      `[@lifeline/testing] ${control} needs a socket that has opened, but this one is ${this.#stateName()}. ${hint}`,
    );
  }

  #expectState(control: string, name: string, state: ReadyState): void {
    if (this.#readyState === state) return;
    throw new Error(
      `[@lifeline/testing] ${control} needs ${name} socket, but this one is ${this.#stateName()}. Check the order of the test's steps.`,
    );
  }

  #stateName(): string {
    return ["CONNECTING", "OPEN", "CLOSING", "CLOSED"][this.#readyState] ?? "unknown";
  }
}

/** What `createFakeWebSocket()` returns. */
export interface FakeWebSocketFactory {
  /** A `WebSocket` constructor to hand to the code under test. */
  readonly WebSocket: typeof FakeWebSocket;
  /** Every socket this factory's constructor made, oldest first. */
  readonly sockets: readonly FakeWebSocket[];
  /** The newest socket; throws if none was made yet. */
  last(): FakeWebSocket;
}

/**
 * Creates a fake `WebSocket` constructor and the list of sockets it makes. Each call has its own list, so tests
 * share nothing.
 */
export function createFakeWebSocket(): FakeWebSocketFactory {
  const sockets: FakeWebSocket[] = [];
  class WebSocket extends FakeWebSocket {
    constructor(url: string | URL, protocols?: string | readonly string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return {
    WebSocket,
    sockets,
    last() {
      const socket = sockets.at(-1);
      if (!socket) {
        throw new Error(
          "[@lifeline/testing] last() found no socket: nothing called new WebSocket() yet. Connect the code under test first.",
        );
      }
      return socket;
    },
  };
}
