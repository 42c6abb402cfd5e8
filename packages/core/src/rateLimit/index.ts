// Pacing outgoing messages. Opt-in, so apps that never need it do not ship it.
export type { RateLimiter } from "../socketOptions.js";
export { type TokenBucketOptions, tokenBucket } from "./tokenBucket.js";
