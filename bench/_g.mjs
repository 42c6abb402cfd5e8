import { gzipSync } from "node:zlib";
import { bundle } from "./size.mjs";

const base = gzipSync(await bundle('export { createSocket } from "@lifeline/core";'), { level: 9 }).length;
console.log("createSocket", base);
for (const c of process.argv.slice(2)) {
  const code = await bundle('export { createSocket } from "@lifeline/core";\n' + c);
  const g = gzipSync(code, { level: 9 }).length;
  console.log(g, "+" + (g - base), c);
}
