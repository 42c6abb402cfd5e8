import { SOCKET_IO_PATH } from "./defaults.js";
import type { QueryParams } from "./types.js";

/** A hook's URL as react-use-websocket takes it. */
export type UrlInput = string | (() => string | Promise<string>);

/**
 * socket.io's endpoint for `url`, as react-use-websocket builds it: the scheme goes (wss when https or wss appears),
 * one trailing slash goes, and the Engine.IO 3 path is appended. An empty URL means this page's host.
 */
export function socketIoUrl(url: string): string {
  let secure = /^https|wss/.test(url);
  let rest = url.replace(/^(https?|wss?)(:\/\/)?/, "").replace(/\/$/, "");
  if (rest === "" && typeof location !== "undefined") {
    rest = location.host;
    secure = location.protocol === "https:";
  }
  return `ws${secure ? "s" : ""}://${rest}${SOCKET_IO_PATH}`;
}

/**
 * Appends `queryParams` the way react-use-websocket does: `&` when the URL already has a `?key=value`, else `?`,
 * then `key=value` pairs in object order, not encoded (apps that relied on that keep their URLs).
 */
export function withQueryParams(url: string, queryParams: QueryParams | undefined): string {
  if (!queryParams) return url;
  const pairs = Object.entries(queryParams)
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  return `${url}${/\?\w+=\w+/.test(url) ? "&" : "?"}${pairs}`;
}

/** The URL to connect to: the function called (and awaited) if it is one, then socket.io's form, then the query. */
export function computeUrl(
  url: UrlInput,
  options: { fromSocketIO?: boolean | undefined; queryParams?: QueryParams | undefined },
): string | Promise<string> {
  const finish = (raw: string) => withQueryParams(options.fromSocketIO ? socketIoUrl(raw) : raw, options.queryParams);
  if (typeof url !== "function") return finish(url);
  return Promise.resolve().then(url).then(finish);
}
