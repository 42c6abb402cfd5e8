import { createDiagnostics } from "@lifeline/core/diagnostics";
import { useWebSocketSelector, type WebSocketResult } from "@lifeline/react";
import { bridgeQueryClient } from "@lifeline/react-query";
import { ConnectionBanner } from "@lifeline/ui";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ServerMessage } from "../server/backend.js";
import { ChatRoom } from "./ChatRoom.js";
import { cacheUpdates, chatUrl, signInAgain, socketOptions } from "./chatSocket.js";
import { FaultPanel } from "./FaultPanel.js";
import { LastClose } from "./LastClose.js";
import type { NetworkSwitch } from "./network.js";
import { SocketTimeline } from "./SocketTimeline.js";
import type { Lang } from "./strings.js";

/**
 * The live demo: one socket from `useWebSocketSelector`, shared by the chat, the banner and the explainer; the
 * timeline reads the diagnostics log the socket writes to.
 * This component selects only the status and the queue length, so it never renders because a message arrived.
 */
export function LiveChat({ lang, network }: { readonly lang: Lang; readonly network: NetworkSwitch }) {
  const queryClient = useQueryClient();
  // The socket writes its diagnostics into this log, and the timeline reads it: both live as long as the socket.
  const [diagnostics] = useState(() => createDiagnostics());
  const [options] = useState(() => socketOptions(network, diagnostics));
  const { status, queued, tab, socket } = useWebSocketSelector(
    chatUrl,
    (s: WebSocketResult<ServerMessage>) => ({ status: s.status, queued: s.queued, tab: s.tab, socket: s.socket }),
    options,
  );
  // Live messages into the cache, the history refetched after a gap, the room subscribed while it is shown.
  useEffect(() => bridgeQueryClient(queryClient, socket, { messages: cacheUpdates }), [queryClient, socket]);

  return (
    <div className="live">
      {/* Floats over the top of the page (the default placement): the chat does not jump when it appears. */}
      <ConnectionBanner source={socket} onSignIn={() => void signInAgain(() => socket.reconnect())} />
      <div className="live__grid">
        <div className="live__main">
          <ChatRoom lang={lang} socket={socket} status={status} queued={queued} tab={tab} />
          <SocketTimeline lang={lang} diagnostics={diagnostics} />
        </div>
        <aside className="live__side">
          <FaultPanel lang={lang} socket={socket} network={network} />
          <LastClose lang={lang} socket={socket} />
        </aside>
      </div>
    </div>
  );
}
