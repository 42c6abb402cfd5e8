import type { WebSocketConstructor, WebSocketLike } from "../environment.js";
import { act, type Kernel } from "../kernel.js";
import { cameOnline, wentOffline } from "../platform/platform.js";
import type { CloseEventLike } from "../types.js";

// Faults the devtools inject into a socket of the app itself, with no help from the server. Each reaches the kernel
// the way the real one would, through the WebSocket's own events or the platform's, so that the app's banner, its
// retries and its bridges react as they would in production.

/** A fault to inject. */
export type Fault =
  /** The connection drops with no close frame: the socket sees 1006, as when a network or a server dies. */
  | { readonly type: "drop" }
  /** The server closes with `code` (1000–4999) and `reason`. */
  | { readonly type: "close"; readonly code: number; readonly reason?: string }
  /** The network goes away, or comes back, as the browser's `offline` and `online` events say. */
  | { readonly type: "offline" }
  | { readonly type: "online" }
  /** Nothing arrives on this connection any more, as on a half-open one: only a heartbeat can tell. */
  | { readonly type: "silence" }
  /** The next `count` handshakes fail, as when the server refuses the upgrade: 1006 before open. */
  | { readonly type: "refuse"; readonly count: number };

/** The part of a fault the socket keeps: whether the network is down, how many handshakes to refuse, and which
 * connection hears nothing. */
export interface FaultState {
  offline: boolean;
  refusals: number;
  silenced: WebSocketLike | null;
}

const closeEvent = (code: number, reason: string): CloseEventLike => ({ code, reason, wasClean: code !== 1006 });

/** Tells the kernel its WebSocket closed, as the browser would, and lets go of the real one. */
function closeFromServer(k: Kernel, code: number, reason: string) {
  const ws = k.ws;
  if (!ws) return;
  // The kernel closes the real WebSocket itself once it has heard the close (drop): the server sees the client go.
  ws.onclose?.(closeEvent(code, reason) as never);
}

/** A WebSocket whose handshake is refused: the real one is made, and let go as it opens; the page sees 1006. */
export function refusing(Real: WebSocketConstructor): WebSocketConstructor {
  return class Refused {
    readyState = 0;
    binaryType = "blob";
    bufferedAmount = 0;
    protocol = "";
    extensions = "";
    onopen: (() => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    onclose: ((event: CloseEventLike) => void) | null = null;
    readonly inner: WebSocketLike;
    constructor(url: string, protocols?: string | string[]) {
      const inner = new Real(url, protocols);
      this.inner = inner;
      const refused = () => {
        if (this.readyState === 3) return;
        this.readyState = 3;
        this.onerror?.({ type: "error" });
        this.onclose?.(closeEvent(1006, ""));
      };
      inner.onopen = () => inner.close();
      inner.onerror = () => {};
      inner.onclose = refused;
    }
    send() {
      throw new Error(
        "[@lifeline/core] send() on a WebSocket that never opened (a refused handshake, from the devtools).",
      );
    }
    close() {
      this.inner.close();
    }
  } as unknown as WebSocketConstructor;
}

/** Nothing arrives on the current connection any more (its messages are no longer handed to the kernel). */
function silence(k: Kernel, state: FaultState) {
  if (k.ws) k.ws.onmessage = null;
  state.silenced = k.ws;
}

/** Injects `fault` into the socket whose kernel is `k`. */
export function inject(k: Kernel, state: FaultState, fault: Fault) {
  const type = (fault as { type?: unknown })?.type;
  // A follower tab's kernel holds no connection and decides nothing (tabs(): the relay); a fault there would make it
  // disagree with the tab that does.
  if (k.relay) {
    throw new Error(
      "[@lifeline/core] This socket follows a connection another tab holds (tabs()), so a fault here would reach nothing. Inject it in the tab whose socket leads.",
    );
  }
  if (type === "drop") closeFromServer(k, 1006, "");
  else if (type === "close") {
    const { code, reason = "" } = fault as { code: number; reason?: string };
    if (!Number.isInteger(code) || code < 1000 || code > 4999) {
      throw new RangeError(
        `[@lifeline/core] A devtools close fault got code ${String(code)}. Pass a whole number from 1000 to 4999; use the drop fault for a close with no frame.`,
      );
    }
    closeFromServer(k, code, String(reason));
  } else if (type === "offline" || type === "online") {
    state.offline = type === "offline";
    // With the network gone nothing arrives any more, a pong included: a heartbeat asked to check finds the
    // connection dead, as it would for real, rather than kept alive by a server that is in fact still reachable.
    if (state.offline) silence(k, state);
    // The platform feature's own steps, as its listeners run them when the browser says so; while offline, the
    // devtools feature also answers the kernel's question (feature.ts `offline`), so no attempt starts meanwhile.
    act(k, () => (state.offline ? wentOffline : cameOnline)(k));
  } else if (type === "silence") silence(k, state);
  else if (type === "refuse") {
    const { count } = fault as { count: number };
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(
        `[@lifeline/core] A devtools refuse fault got count ${String(count)}. Pass how many handshakes to refuse, 1 or more.`,
      );
    }
    state.refusals += count;
  } else {
    throw new TypeError(
      `[@lifeline/core] Unknown devtools fault ${JSON.stringify(type)}. Use drop, close, offline, online, silence or refuse.`,
    );
  }
}
