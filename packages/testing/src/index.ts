export { type ChaosApiOptions, DEFAULT_ALLOWED_ORIGINS } from "./chaosAccess.js";
export { CHAOS_ENDPOINTS, type ChaosEndpoint } from "./chaosApi.js";
export { type CliIo, type RunningCli, runCli } from "./cli.js";
export { FaultArgumentError } from "./errors.js";
export { FakeCloseEvent, type FakeCloseEventInit } from "./fakeCloseEvent.js";
export { createFakePage, createFakeSignal, type FakePage, type FakeSignal } from "./fakeSignal.js";
export { createFakeWebSocket, type FakeWebSocket, type FakeWebSocketFactory } from "./fakeWebSocket.js";
export { type FaultProxy, type FaultProxyMode, type FaultProxyOptions, startFaultProxy } from "./faultProxy.js";
export {
  type FaultyServer,
  type FaultyServerOptions,
  type FaultyServerStats,
  type OverloadOptions,
  type RateLimitPolicy,
  type RestartOptions,
  type SessionExpiryPolicy,
  startFaultyServer,
} from "./faultyServer.js";
export type { UpgradeRefusalPolicy } from "./upgradeRefusal.js";
