// What @lifeline/devtools reads: the page's sockets, and the faults it can inject into them.
export type { Fault } from "./faults.js";
export { inspectable } from "./inspect.js";
export {
  type InspectedSocket,
  inspectSockets,
  type TimelineEntry,
  type TrafficEntry,
  watchSockets,
} from "./registry.js";
