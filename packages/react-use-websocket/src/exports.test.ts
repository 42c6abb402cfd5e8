import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as root from "./index.js";
import { DEFAULT_RECONNECT_INTERVAL_MS, DEFAULT_RECONNECT_LIMIT, ReadyState } from "./lib/constants.js";
import { useWebSocket } from "./lib/use-websocket.js";

describe("the entry points react-use-websocket apps import", () => {
  it("the root has the default hook, useSocketIO, useEventSource, ReadyState and resetGlobalState, and no named useWebSocket", () => {
    expect(Object.keys(root).sort()).toEqual(
      ["ReadyState", "default", "resetGlobalState", "useEventSource", "useSocketIO"].sort(),
    );
    expect(root.default).toBe(useWebSocket);
  });

  it("ReadyState is a numeric enum that maps back to its names", () => {
    expect([
      ReadyState.UNINSTANTIATED,
      ReadyState.CONNECTING,
      ReadyState.OPEN,
      ReadyState.CLOSING,
      ReadyState.CLOSED,
    ]).toEqual([-1, 0, 1, 2, 3]);
    expect(ReadyState[1]).toBe("OPEN");
    expect(ReadyState[-1]).toBe("UNINSTANTIATED");
    expect([DEFAULT_RECONNECT_LIMIT, DEFAULT_RECONNECT_INTERVAL_MS]).toEqual([20, 5000]);
  });

  it("package.json exports the deep paths apps use, each with its types", () => {
    const manifest = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8"));
    for (const path of ["types", "constants", "use-websocket", "use-socket-io", "use-event-source"]) {
      expect(manifest.exports[`./dist/lib/${path}`]).toEqual({
        import: { types: `./dist/lib/${path}.d.ts`, default: `./dist/lib/${path}.js` },
        require: { types: `./dist/cjs/lib/${path}.d.cts`, default: `./dist/cjs/lib/${path}.cjs` },
      });
    }
  });
});
