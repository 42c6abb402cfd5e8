import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Runs `script` (an ES module that prints JSON) in a Node process of its own, against @lifeline/core's build as an
 * app gets it: with the "production" condition, as a production bundle resolves `#dev`, or without, as a dev server
 * does. Returns what it printed, parsed.
 */
export async function runBuiltCore<Result>(script: string, production: boolean): Promise<Result> {
  const flags = production ? ["--conditions=production"] : [];
  const cwd = fileURLToPath(new URL("../..", import.meta.url));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [...flags, "--input-type=module", "-e", script], { cwd }, (error, out, err) =>
      error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
    );
  });
  return JSON.parse(stdout) as Result;
}
