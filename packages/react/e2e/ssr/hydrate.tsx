import { version } from "react";
import { hydrateRoot } from "react-dom/client";
import { Feed, feedUrl } from "./Feed.js";

/** What hydration reported, for the test: React's version, and every error React recovered from. */
export interface HydrationLog {
  readonly react: string;
  readonly recoverable: string[];
}

declare global {
  interface Window {
    hydration: HydrationLog;
  }
}

window.hydration = { react: version, recoverable: [] };
hydrateRoot(document.getElementById("root") as HTMLElement, <Feed url={feedUrl(location.host)} />, {
  // A mismatch React can recover from (it renders that part again on the client) comes here, not as a throw.
  onRecoverableError: (error) => window.hydration.recoverable.push(String(error)),
});
