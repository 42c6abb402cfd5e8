import { DEV } from "#dev";

/** What begins every message of this package's own. */
export const PREFIX = "[@lifeline/react-use-websocket] ";

/** The heartbeat closes for want of traffic: react-use-websocket warns, and apps filter on its first words. */
export function warnTimedOut(): void {
  console.warn(`${PREFIX}Heartbeat timed out${DEV ? ": nothing arrived in time. Closing." : ""}`);
}
