// A tiny app as a user would write it against the published packages: the hook, the banner with its stylesheet and
// the Chinese locale, the TanStack Query bridge, and close codes classified and explained from core's subpaths.
import { classifyClose } from "@lifeline/core";
import { explainCloseCode } from "@lifeline/core/explain";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { useWebSocket } from "@lifeline/react";
import { bridgeQueryClient } from "@lifeline/react-query";
import { ConnectionBanner, LocaleProvider } from "@lifeline/ui";
import { uiZhCN } from "@lifeline/ui/locales/zh-CN";
import "@lifeline/ui/styles.css";
import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";

type ServerMessage = { type: "todo.added"; title: string };

const rateLimited = classifyClose({ code: 1008, reason: "rate limit exceeded; retry-after=30" });
const explained = explainCloseCode(rateLimited.code, zhCN);

function App() {
  const client = useQueryClient();
  const { socket, status } = useWebSocket<ServerMessage>("ws://127.0.0.1:8787/live");
  useEffect(() => bridgeQueryClient<ServerMessage>(client, socket), [client, socket]);
  return (
    <LocaleProvider locale={uiZhCN}>
      <ConnectionBanner source={socket} onSignIn={() => location.assign("/login")} />
      <p data-status={status}>
        {explained.title}: {rateLimited.retry.action}
      </p>
    </LocaleProvider>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={new QueryClient()}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
