export { type BridgeEnvironment, type BridgeOptions, bridgeQueryClient } from "./bridgeQueryClient.js";
export { type ApplyMessage, type CacheUpdates, defineCacheUpdates, type TypedMessage } from "./cacheUpdates.js";
export { type LivePayload, type LiveQueryMeta, liveQuery, readLiveMeta } from "./liveQuery.js";
export {
  defineTypedCacheUpdates,
  type TypedCacheUpdaters,
  type TypedCacheUpdates,
  type TypedCacheUpdatesOptions,
} from "./typedCacheUpdates.js";
export { type QueryBridgeOptions, useQueryBridge } from "./useQueryBridge.js";
