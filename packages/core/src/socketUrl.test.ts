import { describe, expect, it } from "vitest";
import { resolveWebSocketUrl } from "./socketUrl.js";

describe("resolveWebSocketUrl", () => {
  it("keeps ws and wss, and turns http(s) into ws(s) as browsers do", () => {
    expect(resolveWebSocketUrl("wss://example.com/socket")).toBe("wss://example.com/socket");
    expect(resolveWebSocketUrl("ws://127.0.0.1:8080")).toBe("ws://127.0.0.1:8080/");
    expect(resolveWebSocketUrl("https://example.com/s")).toBe("wss://example.com/s");
    expect(resolveWebSocketUrl("http://example.com/s")).toBe("ws://example.com/s");
  });

  it.each([
    ["ftp://example.com", /uses ftp:, which is not a WebSocket scheme\. Use ws:\/\/ or wss:\/\//],
    ["example dot com", /is not a valid URL\. Use an absolute ws:\/\/ or wss:\/\/ URL/],
    ["wss://example.com/#x", /has a #fragment, which browsers refuse for WebSockets\. Remove it\./],
  ])("rejects %j with a message that says what to use", (url, message) => {
    expect(() => resolveWebSocketUrl(url)).toThrow(message);
  });

  it("names the package and redacts the token in its message", () => {
    expect(() => resolveWebSocketUrl("ftp://x.io/?token=hunter2")).toThrow(
      '[@lifeline/core] createSocket: "ftp://x.io/?token=redacted" uses ftp:',
    );
  });

  it("rejects a URL that is not a string", () => {
    expect(() => resolveWebSocketUrl(42)).toThrow(
      /the URL is a number\. Pass a string such as "wss:\/\/example\.com\/socket"/,
    );
  });
});
