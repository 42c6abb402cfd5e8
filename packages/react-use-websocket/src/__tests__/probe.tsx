// What the Node tests of the hooks share: a component that hands its hook's result to the test, and the cleanup
// after each test (the rendered tree, mocks and stubbed globals, the shared sockets).
import { act, cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { resetGlobalState } from "../lib/registry.js";
import type { Options } from "../lib/types.js";
import { useWebSocket } from "../lib/use-websocket.js";

export type Seen = { current: ReturnType<typeof useWebSocket> | null };

export function Probe({
  url,
  options,
  seen,
}: {
  url: string | (() => Promise<string>);
  options?: Options;
  seen: Seen;
}) {
  seen.current = useWebSocket(url, options);
  return null;
}

/** Proving that something does not happen needs a window: this one, with React's updates flushed. */
export const quiet = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

/** Registers the cleanup every hook test needs; `timeoutMs` is how long waitFor waits on a loaded machine. */
export function cleanUpAfterEach(timeoutMs = 8000): void {
  configure({ asyncUtilTimeout: timeoutMs });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    resetGlobalState();
  });
}
