// An app written against react-use-websocket 4.13's API and nothing else: its default import, ReadyState, a shared
// socket, the deep type imports apps use. The consumer test installs @lifeline/react-use-websocket's tarball under
// the name "react-use-websocket" (the package.json alias) and runs this unchanged in Chromium against a real server.
import { useCallback, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import useWebSocket, { ReadyState } from "react-use-websocket";
import { DEFAULT_RECONNECT_INTERVAL_MS } from "react-use-websocket/dist/lib/constants";
import type { Options, SendJsonMessage, WebSocketHook } from "react-use-websocket/dist/lib/types";
import { useWebSocket as useNamedWebSocket } from "react-use-websocket/dist/lib/use-websocket";

const socketUrl = new URLSearchParams(location.search).get("ws") ?? "ws://127.0.0.1:8787";
const options: Options = { share: true, shouldReconnect: () => true, reconnectInterval: DEFAULT_RECONNECT_INTERVAL_MS };

const statusWords = {
  [ReadyState.CONNECTING]: "Connecting",
  [ReadyState.OPEN]: "Open",
  [ReadyState.CLOSING]: "Closing",
  [ReadyState.CLOSED]: "Closed",
  [ReadyState.UNINSTANTIATED]: "Uninstantiated",
};

function Chat() {
  const [history, setHistory] = useState<MessageEvent[]>([]);
  const { sendMessage, lastMessage, readyState }: WebSocketHook = useWebSocket(socketUrl, options);
  useEffect(() => {
    if (lastMessage !== null) setHistory((previous) => previous.concat(lastMessage));
  }, [lastMessage]);
  const sayHello = useCallback(() => sendMessage("Hello"), [sendMessage]);
  return (
    <div>
      <button type="button" onClick={sayHello} disabled={readyState !== ReadyState.OPEN}>
        Click Me to send 'Hello'
      </button>
      <span id="status">The WebSocket is currently {statusWords[readyState]}</span>
      <ul id="history">
        {history.map((message) => (
          <li key={message.timeStamp}>{message.data}</li>
        ))}
      </ul>
    </div>
  );
}

function Badge() {
  const { readyState, sendJsonMessage } = useNamedWebSocket(socketUrl, { share: true });
  const send: SendJsonMessage = sendJsonMessage;
  return (
    <p id="badge" data-send={typeof send}>
      {ReadyState[readyState]}
    </p>
  );
}

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <>
      <Badge />
      <Chat />
    </>,
  );
