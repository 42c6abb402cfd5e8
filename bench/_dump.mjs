import { bundle } from "./size.mjs";
import { writeFileSync } from "node:fs";
const code = await bundle(process.argv[2]);
writeFileSync(process.argv[3], code);
