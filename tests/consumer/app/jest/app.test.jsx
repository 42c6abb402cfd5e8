// A small app's test as a Jest user writes it: ESM and JSX compiled to CommonJS, jsdom, and Lifeline required from
// node_modules as published. The app connects to the real server the consumer test started (LIFELINE_SERVER_URL),
// sends a message that the server echoes, and the TanStack Query bridge puts it in the cache and on the page.
import { useWebSocket } from "@lifeline/react";
import { defineCacheUpdates, useQueryBridge } from "@lifeline/react-query";
import { ConnectionBanner } from "@lifeline/ui";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { act } from "react";
import { createRoot } from "react-dom/client";

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const updates = defineCacheUpdates({
  "todo.added": (message, client) => client.setQueryData(["todos"], (todos = []) => [...todos, message.title]),
});

function Todos() {
  const { data = [] } = useQuery({ queryKey: ["todos"], queryFn: async () => [], staleTime: Number.POSITIVE_INFINITY });
  return (
    <ul>
      {data.map((title) => (
        <li key={title}>{title}</li>
      ))}
    </ul>
  );
}

function App({ url }) {
  const { socket, status, sendJson } = useWebSocket(url);
  useQueryBridge(socket, { updates, invalidateWindowMs: 0 });
  return (
    <>
      <ConnectionBanner source={socket} />
      <p id="status">{status}</p>
      <button type="button" onClick={() => sendJson({ type: "todo.added", title: "Write the Jest test" })}>
        Add
      </button>
      <Todos />
    </>
  );
}

/** Lets React and the socket work until `check` holds; a real connection on a loaded machine can take seconds. */
async function waitFor(check, timeoutMs = 15_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${check}`);
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
  }
}

test("the app connects, and a message the server echoes lands in the query cache and on the page", async () => {
  expect(require.resolve("@lifeline/react")).toMatch(/\.cjs$/);
  const container = document.createElement("div");
  document.body.append(container);
  const client = new QueryClient();
  const root = createRoot(container);
  await act(async () =>
    root.render(
      <QueryClientProvider client={client}>
        <App url={process.env.LIFELINE_SERVER_URL} />
      </QueryClientProvider>,
    ),
  );
  await waitFor(() => container.querySelector("#status").textContent === "open");
  await act(async () => container.querySelector("button").click());
  await waitFor(() => container.querySelector("li")?.textContent === "Write the Jest test");
  await act(async () => root.unmount());
  client.clear();
});
