import { useWebSocket } from "@lifeline/react";
import { useEffect, useState } from "react";
import { flushSync } from "react-dom";

/** What the page did, for the test to compare with what the server saw. */
export interface RoomLog {
  /** Each room an effect sent a join for, in order. */
  readonly sent: string[];
  /** Each join the socket dropped (a superseded URL's queue), with why. */
  readonly dropped: { readonly room: string; readonly cause: string }[];
}

/** The component from issue 14, as a React developer writes it: one socket per room, a join from an effect. */
function Room({ room, log }: { room: string; log: RoomLog }) {
  const { status, sendJson } = useWebSocket(`ws://${location.host}/rooms/${room}`, {
    queue: { onDrop: (data, cause) => log.dropped.push({ room: JSON.parse(String(data)).room, cause }) },
  });
  useEffect(() => {
    log.sent.push(room);
    sendJson({ type: "join", room });
  }, [room, sendJson, log]);
  return (
    <p>
      Room <b data-testid="room">{room}</b>: <output data-testid="status">{status}</output>
    </p>
  );
}

export function RoomSwitcher({ log }: { log: RoomLog }) {
  const [room, setRoom] = useState("lobby");
  return (
    <main>
      {["lobby", "kitchen", "garden"].map((name) => (
        <button key={name} type="button" onClick={() => setRoom(name)}>
          {name}
        </button>
      ))}
      {/* Three commits in one task: each flushSync commits, and runs that commit's effects, before the next. */}
      <button
        type="button"
        onClick={() => {
          flushSync(() => setRoom("kitchen"));
          flushSync(() => setRoom("garden"));
          flushSync(() => setRoom("lobby"));
        }}
      >
        three commits in one task
      </button>
      {/* Three updates batched into one commit: only the last room is ever rendered. */}
      <button
        type="button"
        onClick={() => {
          setRoom("garden");
          setRoom("lobby");
          setRoom("kitchen");
        }}
      >
        three updates in one commit
      </button>
      <Room room={room} log={log} />
    </main>
  );
}
