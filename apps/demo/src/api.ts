// The demo's HTTP calls. Errors carry the server's message, which already says what to do.
import type { ChatMessage } from "../server/chatRoom.js";
import type { FaultName } from "../server/faults.js";
import { API_URL } from "./config.js";

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${API_URL}${path}`, init);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `[@lifeline/demo] ${path} answered ${response.status}.`);
  return body;
}

export const fetchHistory = () => call<{ messages: ChatMessage[] }>("/api/messages").then((body) => body.messages);

export const fetchToken = () => call<{ token: string }>("/api/token", { method: "POST" }).then((body) => body.token);

export const signIn = () => call<{ token: string }>("/api/sign-in", { method: "POST" }).then((body) => body.token);

export function triggerFault(name: FaultName, query: Record<string, string> = {}): Promise<unknown> {
  const search = new URLSearchParams(query).toString();
  return call(`/api/faults/${name}${search ? `?${search}` : ""}`, { method: "POST" });
}
