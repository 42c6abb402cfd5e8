import { act, cleanup, render, screen } from "@testing-library/react";
import { Profiler, StrictMode } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { type ExternalStore, useSocketState } from "./useSocketState.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

interface State {
  status: "idle" | "open" | "closed";
  lastMessage: string | null;
}

// A minimal store with the contract useSocketState relies on: a snapshot that keeps its identity until
// something changes, and one notification per change.
function createTestStore(initial: State) {
  let state = initial;
  const listeners = new Set<() => void>();
  const store: ExternalStore<State> & { set(patch: Partial<State>): void; listenerCount(): number } = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    getServerSnapshot: () => ({ status: "idle", lastMessage: null }),
    set(patch) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    listenerCount: () => listeners.size,
  };
  return store;
}

const selectStatus = (state: State) => state.status;
const selectMessage = (state: State) => state.lastMessage;

function Status({ store }: { store: ExternalStore<State> }) {
  return <p data-testid="status">{useSocketState(store, selectStatus)}</p>;
}
function Message({ store }: { store: ExternalStore<State> }) {
  return <p data-testid="message">{useSocketState(store, selectMessage) ?? "none"}</p>;
}

// A selector that builds a new object every time, and the equality that says two of them are the same.
const selectPair = (state: State) => ({ status: state.status });
const sameStatus = (a: { status: string }, b: { status: string }) => a.status === b.status;

function Pair({ store, onRender }: { store: ExternalStore<State>; onRender: () => void }) {
  onRender();
  return <p>{useSocketState(store, selectPair, sameStatus).status}</p>;
}

function Whole({ store }: { store: ExternalStore<State> }) {
  const state = useSocketState(store);
  return <p data-testid="whole">{`${state.status}/${state.lastMessage}`}</p>;
}

describe("useSocketState", () => {
  it("renders a status-only component zero times for 1,000 messages, and the message reader once per message", () => {
    const store = createTestStore({ status: "open", lastMessage: null });
    const renders = { status: 0, message: 0 };
    render(
      <>
        <Profiler id="status" onRender={() => renders.status++}>
          <Status store={store} />
        </Profiler>
        <Profiler id="message" onRender={() => renders.message++}>
          <Message store={store} />
        </Profiler>
      </>,
    );
    renders.status = 0;
    renders.message = 0;
    for (let index = 0; index < 1000; index++) act(() => store.set({ lastMessage: `m${index}` }));
    expect(renders.status).toBe(0);
    expect(renders.message).toBe(1000);
    expect(screen.getByTestId("message").textContent).toBe("m999");
    act(() => store.set({ status: "closed" }));
    expect(renders.status).toBe(1);
    expect(screen.getByTestId("status").textContent).toBe("closed");
  });

  it("does not render when a selector builds an equal object and isEqual says so", () => {
    const store = createTestStore({ status: "open", lastMessage: null });
    let renders = 0;
    render(<Pair store={store} onRender={() => renders++} />);
    const before = renders;
    act(() => store.set({ lastMessage: "hello" }));
    act(() => store.set({ lastMessage: "again" }));
    expect(renders).toBe(before);
  });

  it("returns the whole snapshot without a selector", () => {
    const store = createTestStore({ status: "open", lastMessage: "x" });
    render(<Whole store={store} />);
    expect(screen.getByTestId("whole").textContent).toBe("open/x");
  });

  it("renders the server snapshot with renderToString", () => {
    const store = createTestStore({ status: "open", lastMessage: "live" });
    expect(renderToString(<Status store={store} />)).toBe('<p data-testid="status">idle</p>');
  });

  it("holds exactly one subscription under StrictMode and none after unmount", () => {
    const store = createTestStore({ status: "open", lastMessage: null });
    const { unmount, rerender } = render(
      <StrictMode>
        <Status store={store} />
      </StrictMode>,
    );
    rerender(
      <StrictMode>
        <Status store={store} />
      </StrictMode>,
    );
    expect(store.listenerCount()).toBe(1);
    unmount();
    expect(store.listenerCount()).toBe(0);
  });
});
