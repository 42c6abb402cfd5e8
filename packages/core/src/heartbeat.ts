/**
 * Application-level heartbeat settings. Browsers cannot send ping frames, so the ping is an ordinary message.
 * The machine (machine.ts) runs it: deadlines are wall-clock times and a timer only prompts a check, so a timer that a
 * background tab throttles fires late but finds the pong that arrived meanwhile, and one that fires after a sleep
 * finds the deadline long past and reports at once. The whole cycle is interval + timeout at most from the last
 * inbound message.
 */
export interface HeartbeatOptions {
  /** Send a ping after this long without any inbound message. Keep it below the shortest proxy idle timeout (55–60 s). */
  readonly intervalMs: number;
  /** Presume the connection dead when nothing arrives this long after a ping. */
  readonly timeoutMs: number;
  /** The ping to send. @default "ping" */
  readonly message?: string | (() => string);
  /** Recognises the server's reply; matching messages are not passed to message listeners. Any message proves liveness. */
  readonly isPong?: (data: unknown) => boolean;
}
