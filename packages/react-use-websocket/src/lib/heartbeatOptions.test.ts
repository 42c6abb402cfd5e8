import { describe, expect, it } from "vitest";
import { heartbeatOf } from "./heartbeat.js";

describe("react-use-websocket's heartbeat in Lifeline's terms", () => {
  it("true is a ping after 25 s of silence and a close after 60 s of it", () => {
    expect(heartbeatOf(true)).toEqual({ message: "ping", intervalMs: 25_000, timeoutMs: 35_000 });
  });

  it("an object's missing fields take those defaults; its message may be a function", () => {
    const message = () => "hb";
    expect(heartbeatOf({ interval: 400, timeout: 1000, message })).toEqual({
      message,
      intervalMs: 400,
      timeoutMs: 600,
    });
    expect(heartbeatOf({ timeout: 30_000 })).toEqual({ message: "ping", intervalMs: 25_000, timeoutMs: 5000 });
  });

  it("a timeout not above the interval pings at the timeout and closes right after", () => {
    expect(heartbeatOf({ interval: 1000, timeout: 500 })).toEqual({ message: "ping", intervalMs: 500, timeoutMs: 1 });
  });

  it("false or absent is no heartbeat", () => {
    expect(heartbeatOf(false)).toBeUndefined();
    expect(heartbeatOf(undefined)).toBeUndefined();
  });
});
