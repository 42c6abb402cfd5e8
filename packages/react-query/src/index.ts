export { type ApplyMessage, type CacheUpdates, defineCacheUpdates, type TypedMessage } from "./cacheUpdates.js";
