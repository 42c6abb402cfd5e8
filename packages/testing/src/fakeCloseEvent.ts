/** What a `close` event carries, as in the browser's `CloseEventInit`. */
export interface FakeCloseEventInit extends EventInit {
  /** @default 0 */
  readonly code?: number;
  /** @default "" */
  readonly reason?: string;
  /** @default false */
  readonly wasClean?: boolean;
}

/**
 * The browser's `CloseEvent` for Node, which has no global one before Node 23. Defaults follow the spec's
 * `CloseEventInit`: a synthetic event without a code carries 0, not 1005.
 */
export class FakeCloseEvent extends Event {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;

  constructor(type: string, init: FakeCloseEventInit = {}) {
    super(type, init);
    this.code = init.code ?? 0;
    this.reason = init.reason ?? "";
    this.wasClean = init.wasClean ?? false;
  }
}
