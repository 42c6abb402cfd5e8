// Finding dead connections early: `createSocket(url, { use: [heartbeat({ intervalMs, timeoutMs })] })`.
export { type HeartbeatOptions, heartbeat } from "./heartbeat.js";
