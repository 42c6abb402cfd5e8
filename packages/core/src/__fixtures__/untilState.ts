import type { SocketState } from "../status.js";

/**
 * Resolves with the snapshot once `predicate` holds, told by the socket itself rather than by polling; rejects with
 * the last snapshot after `timeoutMs`. Shared by the socket's tests against a real server.
 */
export function untilState(
  socket: { getSnapshot(): SocketState; subscribe(listener: () => void): () => void },
  predicate: (state: SocketState) => boolean,
  timeoutMs = 8000,
): Promise<SocketState> {
  return new Promise((resolve, reject) => {
    if (predicate(socket.getSnapshot())) return resolve(socket.getSnapshot());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out in ${JSON.stringify(socket.getSnapshot())}`));
    }, timeoutMs);
    const stop = socket.subscribe(() => {
      if (!predicate(socket.getSnapshot())) return;
      clearTimeout(timer);
      stop();
      resolve(socket.getSnapshot());
    });
  });
}
