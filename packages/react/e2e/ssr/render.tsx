import { version } from "react";
import { renderToString } from "react-dom/server";
import { Feed, feedUrl } from "./Feed.js";

/** The server side: plain `renderToString` on Node, with no WebSocket global and nothing stubbed. */
export function render(host: string): string {
  return renderToString(<Feed url={feedUrl(host)} />);
}

export const reactVersion: string = version;
