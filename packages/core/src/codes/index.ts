// Registry facts about every close code, for reference tables and tools. The socket needs only a code's kind and
// name, which `classifyClose` already gives; this path adds ranges and the list of registered codes.
export {
  CLOSE_RANGE_BOUNDS,
  CLOSE_RANGES,
  type CloseCodeInfo,
  type CloseRange,
  closeCodeInfo,
  closeRangeOf,
  REGISTERED_CLOSE_CODES,
} from "../closeCodes.js";
