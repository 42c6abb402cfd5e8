// setOptions' development warning, from core's build in a Node process of its own, in development and production.
// The behaviour of setOptions is tested beside the socket, in @lifeline/core's socket.setOptions.test.ts.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

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
    const flags = production ? ["--conditions=production"] : [];
    const cwd = fileURLToPath(new URL("..", import.meta.url));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [...flags, "--input-type=module", "-e", script], { cwd }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      );
    });
    return JSON.parse(stdout);
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
