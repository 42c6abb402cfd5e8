// useMessages against a real `ws` server on 127.0.0.1 (issue 24): onMessage gets each valid message parsed and
// typed, onInvalid what is not valid, sendJson checks what leaves; throwing callbacks stop nothing.

import type { InvalidMessage } from "@lifeline/core/typed";
import { act, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { describe, expect, it, vi } from "vitest";
import { catchRethrown, chatLines, openSocket, tickChat } from "./__fixtures__/typedMessages.js";
import { useMessageReducer } from "./useMessageReducer.js";
import { type TypedActions, useMessages } from "./useMessages.js";

describe.each(tickChat)("useMessages with %s", (_library, definitions) => {
  it("hands onMessage each valid message once, parsed, in order, and onInvalid the rest", async () => {
    const { socket, server } = await openSocket();
    const heard: string[] = [];
    const invalid: InvalidMessage[] = [];
    function Feed({ tag }: { tag: string }) {
      useMessages(socket, definitions, {
        onMessage: (message) =>
          heard.push(message.type === "tick" ? `${tag} tick ${message.n}` : `${tag} ${message.text}`),
        onInvalid: (message) => invalid.push(message),
      });
      return null;
    }
    const { rerender } = render(
      <StrictMode>
        <Feed tag="a" />
      </StrictMode>,
    );
    server.broadcast(JSON.stringify({ type: "tick", n: 1 }));
    server.broadcast(JSON.stringify({ type: "chat", text: "hi" }));
    await waitFor(() => expect(heard).toEqual(["a tick 1", "a hi"]));
    // A new callback each render is used at once, and does not subscribe again.
    rerender(
      <StrictMode>
        <Feed tag="b" />
      </StrictMode>,
    );
    server.broadcast("not json");
    server.broadcast(JSON.stringify({ type: "chat", text: "" }));
    server.broadcast(JSON.stringify({ type: "nope" }));
    server.broadcast(JSON.stringify({ type: "tick", n: 2 }));
    await waitFor(() => expect(heard).toEqual(["a tick 1", "a hi", "b tick 2"]));
    expect(invalid.map(({ reason, type }) => [reason, type])).toEqual([
      ["not-json", undefined],
      ["invalid", "chat"],
      ["unknown-type", "nope"],
    ]);
  });

  it("sends what the client definitions allow, and refuses the rest before it leaves", async () => {
    const { socket, received } = await openSocket();
    let actions: TypedActions<typeof definitions> | undefined;
    function Composer() {
      actions = useMessages(socket, definitions);
      return null;
    }
    const { rerender } = render(<Composer />);
    const first = actions;
    rerender(<Composer />);
    expect(actions).toBe(first);
    expect(actions?.sendJson({ type: "say", text: "hello" })).toBe("sent");
    // What escapes the types (a form's empty field) is checked in development.
    expect(() => actions?.sendJson({ type: "say", text: "" })).toThrow(
      /\[@lifeline\/core\] send\(\): the "say" message/,
    );
    expect(() => actions?.sendJson({ type: "shout", text: "x" } as never)).toThrow(/client does not define/);
    await waitFor(() => expect(received).toEqual(['{"type":"say","text":"hello"}']));
  });
});

describe("useMessages", () => {
  it("reports an onMessage or onInvalid that throws, and goes on", async () => {
    const { socket, server } = await openSocket();
    const rethrown = catchRethrown();
    const definitions = tickChat[0][1];
    const ticks: number[] = [];
    function Broken() {
      useMessages(socket, definitions, {
        onMessage: () => {
          throw new Error("onMessage bug");
        },
        onInvalid: () => {
          throw new Error("onInvalid bug");
        },
      });
      return null;
    }
    function Healthy() {
      useMessages(socket, definitions, { onMessage: (message) => message.type === "tick" && ticks.push(message.n) });
      return null;
    }
    render(
      <>
        <Broken />
        <Healthy />
      </>,
    );
    server.broadcast(JSON.stringify({ type: "tick", n: 1 }));
    server.broadcast("not json");
    server.broadcast(JSON.stringify({ type: "tick", n: 2 }));
    await waitFor(() => expect(ticks).toEqual([1, 2]));
    await waitFor(() =>
      expect(rethrown.map((error) => (error as Error).message)).toEqual([
        "onMessage bug",
        "onInvalid bug",
        "onMessage bug",
      ]),
    );
    expect(socket.getSnapshot().status).toBe("open");
  });

  it("answers sendJson with closed while there is no socket", () => {
    let actions: TypedActions<(typeof tickChat)[0][1]> | undefined;
    function Composer() {
      actions = useMessages(null, tickChat[0][1]);
      return null;
    }
    render(<Composer />);
    expect(actions?.sendJson({ type: "say", text: "hello" })).toBe("closed");
  });

  it("warns once in development when the definitions are made inside the component", async () => {
    const { socket } = await openSocket();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const [, definitions] = tickChat[0];
      function Inline({ n }: { n: number }) {
        // What the warning is about: a new object every render.
        useMessages(socket, { ...definitions }, {});
        return <p>{n}</p>;
      }
      const { rerender } = render(<Inline n={0} />);
      rerender(<Inline n={1} />);
      expect(warn).not.toHaveBeenCalled();
      rerender(<Inline n={2} />);
      rerender(<Inline n={3} />);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(
        /^\[@lifeline\/react\] useMessages\(\) got new message definitions/,
      );
    } finally {
      warn.mockRestore();
    }
  });
});

describe("useMessageReducer with a reducer that throws", () => {
  it("reports it, keeps the state it had, and folds the next message", async () => {
    const { socket, server } = await openSocket();
    const rethrown = catchRethrown();
    const [, definitions] = chatLines[0];
    function Chat() {
      const lines = useMessageReducer(
        socket,
        definitions,
        "chat",
        (list: number[], message) => {
          if (message.id === 1) throw new Error("reducer bug");
          return [...list, message.id];
        },
        [],
      );
      return <p data-testid="lines">{lines.join(",")}</p>;
    }
    render(<Chat />);
    for (let id = 0; id < 3; id++) server.broadcast(JSON.stringify({ type: "chat", id, text: "x" }));
    await waitFor(() => expect(screen.getByTestId("lines").textContent).toBe("0,2"));
    await waitFor(() => expect(rethrown).toEqual([new Error("reducer bug")]));
    expect(socket.getSnapshot().status).toBe("open");
    await act(async () => server.broadcast(JSON.stringify({ type: "chat", id: 3, text: "x" })));
    await waitFor(() => expect(screen.getByTestId("lines").textContent).toBe("0,2,3"));
  });
});
