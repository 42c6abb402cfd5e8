// Asking why a handshake is refused. Opt-in: `createSocket(url, { use: [probe(httpProbe())] })`.
export type { HandshakeProbe } from "../types.js";
export { type HttpProbeOptions, httpProbe, parseRetryAfter, verdictOf } from "./httpProbe.js";
export { PROBE_AFTER, probe } from "./probed.js";
