export { type ExternalStore, useSocketState } from "./useSocketState.js";
