// Everything the chat needs from Lifeline, set up in one place: where to connect, how to get back in after a 4401,
// the heartbeat, and the cache updates for react-query. The components only read state.
import type { Environment } from "@lifeline/core";
import { type Diagnostics, diagnostics as diagnosticsFeature } from "@lifeline/core/diagnostics";
import { heartbeat } from "@lifeline/core/heartbeat";
import { httpProbe, probe } from "@lifeline/core/probe";
import { tabs } from "@lifeline/core/tabs";
import type { ConnectionOptions } from "@lifeline/react";
import { defineTypedCacheUpdates } from "@lifeline/react-query";
import type { QueryClient } from "@tanstack/react-query";
import type { ChatMessage } from "../server/chatRoom.js";
import { fetchToken, signIn } from "./api.js";
import { SOCKET_URL, TAB_ID, TUNING } from "./config.js";
import { chatMessages } from "./messages.js";
import type { NetworkSwitch } from "./network.js";

export const MESSAGES_KEY = ["messages"] as const;

/** The room's subscription, sent by the react-query bridge while the history query is observed. */
export const ROOM = {
  subscribe: { type: "subscribe", room: "general" },
  unsubscribe: { type: "unsubscribe", room: "general" },
} as const;

// The token lives outside React: the socket reads it at every attempt, and a refresh replaces it.
let token: string | null = null;

/** The socket's URL, read at each attempt: a fresh token after a refresh needs no new socket. */
export async function chatUrl(): Promise<string> {
  token ??= await fetchToken();
  return `${SOCKET_URL}?tab=${TAB_ID}&token=${encodeURIComponent(token)}`;
}

/** After a 4401 Lifeline calls this once and tries once more; a rejection here means "sign in again". */
export async function refreshToken(): Promise<void> {
  token = null;
  token = await fetchToken();
}

/** What the banner's "Sign in" does in this demo: a new sign-in, then an immediate attempt. */
export async function signInAgain(reconnect: () => void): Promise<void> {
  token = await signIn();
  reconnect();
}

/** The socket's options; its diagnostics go to `diagnostics`, the log the timeline reads. */
export function socketOptions(network: NetworkSwitch, diagnostics: Pick<Diagnostics, "record">): ConnectionOptions {
  // With ?platform=default the key is left out, and the platform feature reads the browser's own signal.
  const environment: Partial<Environment> = TUNING.platform === "default" ? {} : { online: network };
  const pinned = TUNING.random;
  if (pinned !== null) Object.assign(environment, { random: () => pinned });
  return {
    refreshCredentials: refreshToken,
    environment,
    // Well below the 8 s proxy idle timeout of the fault panel, as it should be below nginx's 60 s in production.
    // The hook adds browser() (offline, visibility, the back/forward cache, the reasons in close reasons) itself.
    use: [
      ...(TUNING.heartbeatMs === null
        ? []
        : [
            heartbeat({
              intervalMs: TUNING.heartbeatMs,
              timeoutMs: Math.max(1000, Math.round(TUNING.heartbeatMs * 0.6)),
              isPong: (data: unknown) => data === "pong",
            }),
          ]),
      // Browsers hide why a handshake was refused. After 3 refusals in a row the probe asks the same URL over plain
      // HTTP, which this backend answers with the refusal's status (and Retry-After), with CORS for the app's origin.
      ...(TUNING.probe ? [probe(httpProbe())] : []),
      // What the socket did, for the timeline; URLs and error texts arrive redacted.
      diagnosticsFeature(diagnostics.record),
      // ?tabs=on: one connection for all the demo's tabs. The identity must be in the key: an app puts the signed-in
      // user's id there, so that two users of one browser profile never share a connection, nor each other's messages.
      // The demo's visitors are guests of one room unless `?user=` names someone.
      ...(TUNING.tabs ? [tabs({ key: TUNING.user === null ? "demo-chat" : `demo-chat:user:${TUNING.user}` })] : []),
    ],
    // Halves the default 10 s, so the "hang" fault resolves while you watch.
    connectTimeoutMs: 5000,
  };
}

/** Merges messages by id, oldest first: the live feed and a refetch may both bring the same one. */
export function mergeMessages(current: readonly ChatMessage[] | undefined, incoming: readonly ChatMessage[]) {
  const byId = new Map((current ?? []).map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The cache updates of valid messages only: a malformed one never reaches the chat's history. */
export const cacheUpdates = defineTypedCacheUpdates(chatMessages, {
  message: (message, client: QueryClient) =>
    client.setQueryData<ChatMessage[]>(MESSAGES_KEY, (current) => mergeMessages(current, [message.message])),
});
