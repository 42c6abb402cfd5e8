// Asking why a handshake is refused. Opt-in: pass `httpProbe()` as `createSocket`'s `probe` option.
export type { HandshakeProbe } from "../socketOptions.js";
export { type HttpProbeOptions, httpProbe, parseRetryAfter, verdictOf } from "./httpProbe.js";
