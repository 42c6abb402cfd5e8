// setOptions' development warning, from core's build in a Node process of its own, in development and production.
// The behaviour of setOptions is tested beside the socket, in @lifeline/core's socket.setOptions.test.ts.
import { describe, expect, it } from "vitest";
import { runBuiltCore } from "./__fixtures__/runBuiltCore.js";

describe("setOptions' warning in each build", () => {
  // From the built core in a Node process of its own: with the "production" condition, as an app's production bundle
  // resolves #dev, or without, as a dev server does.
  async function warnings(production: boolean): Promise<string[]> {
    const script = `import("@lifeline/core").then(({ createSocket }) => {
      const warned = [];
      console.warn = (message) => warned.push(message);
      const socket = createSocket("ws://127.0.0.1:9/", { autoConnect: false, environment: { now: () => 0 } });
      socket.setOptions({ autoConnect: false, environment: { now: () => 1 } });
      socket.setOptions({ autoConnect: false, environment: { now: () => 2 } });
      console.log(JSON.stringify(warned));
    });`;
    return runBuiltCore<string[]>(script, production);
  }

  it("warns once in development, naming the option", async () => {
    const messages = await warnings(false);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^\[@lifeline\/core\] setOptions: options\.environment changed/);
  });

  it("says nothing in a production build", async () => {
    expect(await warnings(true)).toEqual([]);
  });
});
