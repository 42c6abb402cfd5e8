import type { Socket, SocketStatus, TabRole } from "@lifeline/core";
import { useMessages } from "@lifeline/react";
import { liveQuery } from "@lifeline/react-query";
import { fillLabel } from "@lifeline/ui";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { PostInput } from "../server/chatRoom.js";
import { fetchHistory } from "./api.js";
import { MESSAGES_KEY, ROOM } from "./chatSocket.js";
import { TAB_ID, TUNING } from "./config.js";
import { chatMessages } from "./messages.js";
import { type Lang, labelColon, strings } from "./strings.js";

interface ChatRoomProps {
  readonly lang: Lang;
  readonly socket: Socket;
  readonly status: SocketStatus;
  readonly queued: number;
  /** With ?tabs=on: this tab's part in the connection the tabs share. */
  readonly tab?: TabRole | undefined;
}

/** History over HTTP, live messages over the socket, and posts that wait in Lifeline's queue while disconnected. */
export function ChatRoom({ lang, socket, status, queued, tab }: ChatRoomProps) {
  const t = strings[lang];
  const ids = { name: useId(), message: useId(), heading: useId() };
  const history = useQuery(liveQuery({ queryKey: MESSAGES_KEY, queryFn: fetchHistory }, ROOM));
  const [author, setAuthor] = useState(() => `guest-${TAB_ID.slice(0, 4)}`);
  const [draft, setDraft] = useState("");
  // Posts the server has not confirmed yet, shown as "Sending…" until their clientId comes back.
  const [pending, setPending] = useState<readonly PostInput[]>([]);
  const delivered = new Set(history.data?.map((message) => message.clientId));
  const waiting = pending.filter((post) => !delivered.has(post.clientId));
  const list = useRef<HTMLOListElement>(null);
  const { sendJson } = useMessages(socket, chatMessages);
  const count = (history.data?.length ?? 0) + waiting.length;
  // Newest at the bottom, kept in view as messages arrive, as in any chat.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the number of messages changes, on purpose.
  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [count]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (text === "" || author.trim() === "") return;
    const post: PostInput = { clientId: crypto.randomUUID(), author: author.trim(), text };
    setPending((current) => [...current.filter((item) => !delivered.has(item.clientId)), post]);
    // Sent now if open, else queued by Lifeline and sent in order on the next open. Typed by the client schema, and
    // checked against it in development.
    sendJson({ type: "post", ...post });
    setDraft("");
  };

  return (
    <section className="chat" aria-labelledby={ids.heading}>
      <header className="chat__header">
        <h2 id={ids.heading}>{t.chat.heading}</h2>
        <p className="chat__status" data-testid="status" data-status={status}>
          {t.status.label}
          {labelColon(lang)}
          <strong>{t.status.names[status]}</strong>
          {" · "}
          {TUNING.heartbeatMs === null
            ? t.status.heartbeatOff
            : fillLabel(t.status.heartbeat, { seconds: TUNING.heartbeatMs / 1000 })}
          {tab ? (
            <>
              {" · "}
              <span data-testid="tab-role" data-role={tab.role} data-tabs={tab.tabs}>
                {fillLabel(t.status.tabs[tab.role], { count: tab.tabs })}
              </span>
            </>
          ) : null}
        </p>
      </header>
      {/* The log role goes on a wrapper: on the list itself it would take the list role away from its items. */}
      <div role="log" aria-labelledby={ids.heading}>
        <ol ref={list} className="chat__messages" data-testid="messages">
          {history.isPending ? <li className="chat__empty">{t.chat.loading}</li> : null}
          {history.isError ? <li className="chat__empty">{t.chat.historyFailed}</li> : null}
          {history.isSuccess && history.data.length === 0 && waiting.length === 0 ? (
            <li className="chat__empty">{t.chat.empty}</li>
          ) : null}
          {history.data?.map((message) => (
            <li key={message.id} className="chat__message" data-message-id={message.id}>
              <span className="chat__author">{message.author}</span>{" "}
              <time className="chat__time" dateTime={new Date(message.at).toISOString()}>
                {new Date(message.at).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" })}
              </time>
              <p className="chat__text">{message.text}</p>
            </li>
          ))}
          {waiting.map((post) => (
            <li key={post.clientId} className="chat__message" data-pending="true">
              <span className="chat__author">{post.author}</span> <span className="chat__time">{t.chat.sending}</span>
              <p className="chat__text">{post.text}</p>
            </li>
          ))}
        </ol>
      </div>
      {status !== "open" ? (
        <p className="chat__queued" data-testid="queued-note">
          {t.chat.queuedNote} {fillLabel(t.chat.queuedCount, { count: queued })}
        </p>
      ) : null}
      <form className="chat__composer" onSubmit={submit}>
        <label htmlFor={ids.name}>{t.chat.name}</label>
        <input id={ids.name} value={author} maxLength={40} onChange={(event) => setAuthor(event.target.value)} />
        <label htmlFor={ids.message}>{t.chat.message}</label>
        <input
          id={ids.message}
          value={draft}
          maxLength={500}
          autoComplete="off"
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit">{t.chat.send}</button>
      </form>
    </section>
  );
}
