import type { Socket } from "@lifeline/core";
import { DEV } from "#dev";
import { PREFIX } from "./warnings.js";

const proxies = new WeakMap<WebSocket, WebSocket>();

/** react-use-websocket's check that the socket is the platform's WebSocket, which `skipAssert` turns off. */
export function assertIsWebSocket(socket: unknown, skipAssert: boolean | undefined): void {
  if (skipAssert || typeof WebSocket !== "function" || socket instanceof WebSocket) return;
  throw new Error(
    `${PREFIX}${DEV ? "The socket is not an instance of the global WebSocket (was the global replaced after it connected?). Pass skipAssert: true to use another WebSocket implementation." : "Not the global WebSocket: pass skipAssert: true."}`,
  );
}

/**
 * What `getWebSocket()` returns for a shared socket, as in react-use-websocket: reads pass through, but no hook may
 * call its methods or take over its handlers, since every hook on it depends on them. `reconnect.current()`
 * reconnects the shared socket.
 */
export function sharedProxy(raw: WebSocket, socket: Socket, skipAssert: boolean | undefined): WebSocket {
  assertIsWebSocket(raw, skipAssert);
  let proxy = proxies.get(raw);
  if (proxy) return proxy;
  const reconnect = { current: () => socket.reconnect() };
  proxy = new Proxy(raw, {
    get(target, property) {
      if (property === "reconnect") return reconnect;
      const value = target[property as keyof WebSocket];
      if (typeof value !== "function") return value;
      console.error(
        "Calling methods directly on the websocket is not supported at this moment. You must use the methods returned by useWebSocket.",
      );
      return () => {};
    },
    set(target, property, value) {
      if (typeof property === "string" && property.startsWith("on")) {
        console.warn(
          "The websocket's event handlers should be defined through the options object passed into useWebSocket.",
        );
        return false;
      }
      return Reflect.set(target, property, value, target);
    },
  });
  proxies.set(raw, proxy);
  return proxy;
}
