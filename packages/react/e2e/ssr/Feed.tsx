import { useWebSocket } from "@lifeline/react";
import { StrictMode } from "react";

/** A status display over one socket: what a server-rendered page of an app shows before and after hydration. */
function Status({ url }: { url: string }) {
  const { status } = useWebSocket(url);
  return (
    <p>
      Live feed: <output data-testid="status">{status}</output>
    </p>
  );
}

/** The whole tree, the same on the server and in the browser. StrictMode, as frameworks turn it on in development. */
export function Feed({ url }: { url: string }) {
  return (
    <StrictMode>
      <main>
        <h1>Feed</h1>
        <Status url={url} />
      </main>
    </StrictMode>
  );
}

/** Both sides build the URL from the host the browser asked for, so the server's and the browser's match. */
export const feedUrl = (host: string) => `ws://${host}/live`;
