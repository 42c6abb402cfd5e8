// useMessageReducer against a real `ws` server on 127.0.0.1 (issue 24): every message of a type is folded into
// state, none skipped when React batches a burst into fewer renders.

import { render, screen, waitFor } from "@testing-library/react";
import { Profiler, StrictMode } from "react";
import { describe, expect, it } from "vitest";
import { chatLines, openSocket } from "./__fixtures__/typedMessages.js";
import { useMessageReducer } from "./useMessageReducer.js";

describe.each(chatLines)("useMessageReducer with %s", (_library, definitions) => {
  it("holds all 1,000 messages of a burst, in order, however few renders React makes", async () => {
    const { socket, server } = await openSocket();
    let renders = 0;
    let ids: number[] = [];
    function Chat() {
      const lines = useMessageReducer(
        socket,
        definitions,
        "chat",
        (list: number[], message) => [...list, message.id],
        [],
      );
      ids = lines;
      return <p data-testid="count">{lines.length}</p>;
    }
    render(
      <Profiler id="chat" onRender={() => renders++}>
        <Chat />
      </Profiler>,
    );
    renders = 0;
    // One go: the whole burst is written at once, typing messages between, and arrives in as few reads as TCP makes.
    for (let id = 0; id < 1000; id++) {
      server.broadcast(JSON.stringify({ type: "chat", id, text: `line ${id}` }));
      if (id % 10 === 0) server.broadcast(JSON.stringify({ type: "typing", who: "ada" }));
    }
    await waitFor(() => expect(screen.getByTestId("count").textContent).toBe("1000"));
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, id) => id));
    // However React grouped the burst into renders (one or two renders for the 1,000 on this machine), none was lost.
    expect(renders).toBeGreaterThan(0);
    expect(renders).toBeLessThanOrEqual(1000);
  });

  it("folds each message once under StrictMode, and uses the latest render's reducer", async () => {
    const { socket, server } = await openSocket();
    function Chat({ prefix }: { prefix: string }) {
      const lines = useMessageReducer(
        socket,
        definitions,
        "chat",
        (list: string[], message) => [...list, `${prefix}${message.id}`],
        [],
      );
      return <p data-testid="lines">{lines.join(",")}</p>;
    }
    const { rerender } = render(
      <StrictMode>
        <Chat prefix="a" />
      </StrictMode>,
    );
    for (let id = 0; id < 3; id++) server.broadcast(JSON.stringify({ type: "chat", id, text: "x" }));
    await waitFor(() => expect(screen.getByTestId("lines").textContent).toBe("a0,a1,a2"));
    rerender(
      <StrictMode>
        <Chat prefix="b" />
      </StrictMode>,
    );
    server.broadcast(JSON.stringify({ type: "chat", id: 3, text: "x" }));
    await waitFor(() => expect(screen.getByTestId("lines").textContent).toBe("a0,a1,a2,b3"));
  });
});
