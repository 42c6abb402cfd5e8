// useMessage against a real `ws` server on 127.0.0.1 (issue 24): a component reads the last valid message of one
// type, renders 0 times for the other types, and shares each message's validation with every other reader.

import { defineMessages, type StandardSchemaV1 } from "@lifeline/core/typed";
import { render, screen, waitFor } from "@testing-library/react";
import { Profiler } from "react";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openSocket, tickChat } from "./__fixtures__/typedMessages.js";
import { useMessage } from "./useMessage.js";
import { useMessageHandler } from "./useMessageHandler.js";

describe.each(tickChat)("useMessage with %s", (_library, definitions) => {
  it("renders a tick reader 0 times while 1,000 chat messages arrive, and once for its own tick", async () => {
    const { socket, server } = await openSocket();
    const renders = { tick: 0, chat: 0 };
    function LastTick() {
      const tick = useMessage(socket, definitions, "tick");
      return <p data-testid="tick">{tick === null ? "none" : tick.n}</p>;
    }
    function LastChat() {
      const chat = useMessage(socket, definitions, "chat");
      return <p data-testid="chat">{chat === null ? "none" : `${chat.type} ${chat.text}`}</p>;
    }
    render(
      <>
        <Profiler id="tick" onRender={() => renders.tick++}>
          <LastTick />
        </Profiler>
        <Profiler id="chat" onRender={() => renders.chat++}>
          <LastChat />
        </Profiler>
      </>,
    );
    renders.tick = 0;
    renders.chat = 0;
    for (let index = 0; index < 1000; index++) server.broadcast(JSON.stringify({ type: "chat", text: `m${index}` }));
    await waitFor(() => expect(screen.getByTestId("chat").textContent).toBe("chat m999"));
    expect(renders.tick).toBe(0);
    expect(renders.chat).toBeGreaterThan(0);
    expect(screen.getByTestId("tick").textContent).toBe("none");

    server.broadcast(JSON.stringify({ type: "tick", n: 7 }));
    await waitFor(() => expect(screen.getByTestId("tick").textContent).toBe("7"));
    expect(renders.tick).toBe(1);
  });

  it("never shows an invalid, unknown or non-JSON message, and renders 0 times for them", async () => {
    const { socket, server } = await openSocket();
    let renders = 0;
    function LastChat() {
      const chat = useMessage(socket, definitions, "chat");
      return <p data-testid="chat">{chat === null ? "none" : chat.text}</p>;
    }
    render(
      <Profiler id="chat" onRender={() => renders++}>
        <LastChat />
      </Profiler>,
    );
    server.broadcast(JSON.stringify({ type: "chat", text: "first" }));
    await waitFor(() => expect(screen.getByTestId("chat").textContent).toBe("first"));
    renders = 0;
    server.broadcast(JSON.stringify({ type: "chat", text: "" }));
    server.broadcast(JSON.stringify({ type: "chat" }));
    server.broadcast(JSON.stringify({ type: "nope", text: "x" }));
    server.broadcast("not json{");
    server.broadcast(Buffer.from([1, 2, 3]));
    // The server keeps order on one connection: once this one shows, every invalid one ahead of it has arrived.
    server.broadcast(JSON.stringify({ type: "chat", text: "last" }));
    await waitFor(() => expect(screen.getByTestId("chat").textContent).toBe("last"));
    expect(renders).toBe(1);
  });
});

describe("useMessage's validation", () => {
  it("validates each message once, however many components read its type", async () => {
    const { socket, server } = await openSocket();
    const tick = z.object({ type: z.literal("tick"), n: z.number() });
    let validations = 0;
    // Zod's own schema, counted: every reader asks it, and only the first ask should reach it.
    const counted: StandardSchemaV1<unknown, { type: "tick"; n: number }> = {
      "~standard": {
        ...tick["~standard"],
        validate: (value) => {
          validations++;
          return tick["~standard"].validate(value);
        },
      },
    };
    const definitions = defineMessages({ server: { tick: counted } });
    const handled: number[] = [];
    function Reader({ id }: { id: string }) {
      const message = useMessage(socket, definitions, "tick");
      return <p data-testid={id}>{message === null ? "none" : message.n}</p>;
    }
    function Handler() {
      useMessageHandler(socket, definitions, "tick", (message) => handled.push(message.n));
      return null;
    }
    render(
      <>
        <Reader id="a" />
        <Reader id="b" />
        <Reader id="c" />
        <Handler />
      </>,
    );
    for (let n = 0; n < 20; n++) server.broadcast(JSON.stringify({ type: "tick", n }));
    await waitFor(() => expect(handled).toHaveLength(20));
    for (const id of ["a", "b", "c"]) {
      await waitFor(() => expect(screen.getByTestId(id).textContent).toBe("19"));
    }
    expect(validations).toBe(20);
  });
});
