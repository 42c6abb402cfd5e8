import {
  type CloseClassification,
  createSocket,
  DEFAULT_QUEUE_SIZE,
  type Socket,
  type SocketStatus,
} from "@lifeline/core";
import { type Connection, QUEUEING, type Subscriber } from "./connection.js";
import { ReadyState } from "./constants.js";
import type { Options, WebSocketMessage } from "./types.js";

/** What a render of the hook can show. Immutable; a new object only when a field changes. */
export interface View {
  readonly readyState: ReadyState;
  readonly lastMessage: MessageEvent | null;
  readonly lastClose: CloseClassification | null;
  readonly socket: Socket;
}

const READY_STATE: Readonly<Record<SocketStatus, ReadyState>> = {
  idle: ReadyState.CONNECTING,
  connecting: ReadyState.CONNECTING,
  open: ReadyState.OPEN,
  closing: ReadyState.CLOSING,
  // Between a close and the reconnect, react-use-websocket reports CLOSED.
  reconnecting: ReadyState.CLOSED,
  offline: ReadyState.CLOSED,
  paused: ReadyState.CLOSED,
  closed: ReadyState.CLOSED,
};

// Stands in for a shared hook's socket until its URL is known, so `socket` is never null. Never connects.
let placeholder: Socket | null = null;
const idleSocket = () => {
  placeholder ??= createSocket("ws://127.0.0.1/", { autoConnect: false });
  return placeholder;
};

/**
 * One hook's state outside React: its connection (own, or the shared one it joined), its last message, what
 * waits to be sent, and which fields its renders read. The hook reads it with useSyncExternalStore.
 */
export class HookState implements Subscriber {
  view: View;
  /** The fields a render of this hook read: only a change in one of them renders it again. */
  readonly tracked = new Set<keyof View>();
  connection: Connection | null = null;
  private selected: View | null = null;
  private lastMessage: MessageEvent | null = null;
  private active = false;
  private started = false;
  private failed = false;
  private readonly pending: WebSocketMessage[] = [];
  private readonly listeners = new Set<() => void>();
  private stopWatching: (() => void) | null = null;

  constructor(
    readonly options: () => Options,
    own: Connection | null,
  ) {
    this.connection = own;
    this.view = this.compute();
  }

  /** During render: the props say whether this hook should be connected. Changes no one else's state. */
  setActive(active: boolean): void {
    this.active = active;
    this.view = this.next(this.compute());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The view, or the last one selected when no field a render read has changed since. */
  select = (): View => {
    const view = this.view;
    const selected = this.selected;
    if (selected && selected !== view && [...this.tracked].every((key) => Object.is(selected[key], view[key]))) {
      return selected;
    }
    this.selected = view;
    return view;
  };

  message(event: MessageEvent): void {
    this.lastMessage = event;
    this.update();
  }

  /** The connection effect ran: follow `connection`'s state and receive its messages. */
  attach(connection: Connection): void {
    this.stopWatching?.();
    this.connection = connection;
    connection.join(this);
    this.started = true;
    this.failed = false;
    this.stopWatching = connection.socket.subscribe(() => this.update());
    this.update();
  }

  /**
   * The connection effect ended: messages are no longer this hook's and `lastMessage` goes back to null. A hook's
   * own socket stays its `socket` (so a banner keeps its source); a shared one is let go.
   */
  detach(keepSocket: boolean): number {
    this.stopWatching?.();
    this.stopWatching = null;
    const connection = this.connection;
    const left = connection?.leave(this) ?? 0;
    if (!keepSocket) this.connection = null;
    this.lastMessage = null;
    this.update();
    return left;
  }

  /** The URL could not be computed: CLOSED, as react-use-websocket reports it. */
  fail(): void {
    this.failed = true;
    this.started = true;
    this.update();
  }

  send(message: WebSocketMessage, keep: boolean): void {
    const connection = this.connection;
    const status = connection?.socket.getSnapshot().status;
    if (connection && (status === "open" || (keep && QUEUEING.test(status as string)))) {
      this.drain(connection);
      connection.socket.send(message as never);
      return;
    }
    if (!keep) return;
    // No socket that can hold it (none yet, or closed): keep it here, bounded like Lifeline's queue.
    this.pending.push(message);
    if (this.pending.length > DEFAULT_QUEUE_SIZE) this.pending.shift();
  }

  private drain(connection: Connection): void {
    while (this.pending.length) connection.socket.send(this.pending.shift() as never);
  }

  private update(): void {
    const connection = this.connection;
    if (connection && this.pending.length && this.stopWatching) {
      const status = connection.socket.getSnapshot().status;
      if (status === "open" || QUEUEING.test(status)) this.drain(connection);
    }
    const view = this.next(this.compute());
    if (view === this.view) return;
    this.view = view;
    for (const listener of this.listeners) listener();
  }

  private compute(): View {
    const state = this.connection?.socket.getSnapshot();
    let readyState: ReadyState;
    if (!this.active) readyState = this.started ? ReadyState.CLOSED : ReadyState.UNINSTANTIATED;
    else if (this.failed) readyState = ReadyState.CLOSED;
    // A URL function that failed and is tried again is still connecting, as react-use-websocket reports it.
    else if (state?.reason === "url-failed") readyState = ReadyState.CONNECTING;
    else readyState = state ? (READY_STATE[state.status] as ReadyState) : ReadyState.CONNECTING;
    return {
      readyState,
      lastMessage: this.lastMessage,
      lastClose: state?.lastClose ?? null,
      socket: this.connection?.socket ?? idleSocket(),
    };
  }

  private next(view: View): View {
    const current = this.view as View | undefined;
    if (!current) return view;
    const same = (Object.keys(view) as (keyof View)[]).every((key) => Object.is(view[key], current[key]));
    return same ? current : view;
  }
}
