import { build } from "esbuild";
const r = await build({ stdin: { contents: process.argv[2], resolveDir: process.cwd(), loader: "js" }, bundle: true, write: false, minifySyntax: true, minifyIdentifiers: false, format: "esm", target: "es2022", platform: "browser", define: { "process.env.NODE_ENV": '"production"' }, conditions: ["production"], charset: "utf8" });
process.stdout.write(r.outputFiles[0].text);
