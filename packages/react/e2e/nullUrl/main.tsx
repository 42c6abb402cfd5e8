import { useWebSocket } from "@lifeline/react";
import { useState, version } from "react";
import { createRoot } from "react-dom/client";

/**
 * Issue 20: a hook with no URL yet (the user picks a server, a token is still loading) and a "Retry now" button, as
 * a banner has. Before, reconnect() resolved "" against the page and opened a WebSocket to the page's own address.
 */
function Live() {
  const [url, setUrl] = useState<string | null>(null);
  const [enabled, setEnabled] = useState(true);
  const { status, reconnect } = useWebSocket(url, { enabled });
  return (
    <main>
      <output data-testid="status">{status}</output>
      <button type="button" onClick={reconnect}>
        Retry now
      </button>
      <button type="button" onClick={() => setUrl(`ws://${location.host}/live`)}>
        Connect
      </button>
      <button type="button" onClick={() => setUrl(null)}>
        No URL
      </button>
      <button type="button" onClick={() => setEnabled((on) => !on)}>
        Toggle enabled
      </button>
    </main>
  );
}

document.documentElement.dataset.react = version;
createRoot(document.getElementById("root") as HTMLElement).render(<Live />);
