import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@lifeline/ui/styles.css";
import "./demo.css";
import { App } from "./App.js";

// The devtools render in development builds only (App.tsx), so their stylesheet comes in those alone: a production
// build of the demo ships none of the devtools, CSS included (bundle/productionBundle.test.ts).
if (import.meta.env.DEV) void import("@lifeline/devtools/styles.css");

const root = document.getElementById("root");
if (!root) throw new Error("[@lifeline/demo] index.html has no #root element.");
// No refetch on focus: the socket says when the history is stale. One retry, so a failed load shows soon.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
