import { describe, expect, it } from "vitest";
import { redactText, redactUrl } from "./redactUrl.js";

describe("redactUrl", () => {
  it.each([
    ["wss://x.io/s?token=abc123", "wss://x.io/s?token=redacted"],
    ["wss://x.io/s?room=7&access_token=abc&v=2", "wss://x.io/s?room=7&access_token=redacted&v=2"],
    [
      "wss://x.io/s?apiKey=k&X-Amz-Signature=s&X-Amz-Date=d",
      "wss://x.io/s?apiKey=redacted&X-Amz-Signature=redacted&X-Amz-Date=d",
    ],
    [
      "wss://x.io/s?password=p&auth=a&jwt=j&session_id=1&sig=2",
      "wss://x.io/s?password=redacted&auth=redacted&jwt=redacted&session_id=redacted&sig=redacted",
    ],
    ["wss://user:secret@x.io/s", "wss://redacted@x.io/s"],
    ["wss://x.io/s?code=oauth#frag", "wss://x.io/s?code=redacted#frag"],
    ["wss://x.io/s", "wss://x.io/s"],
    ["wss://x.io/s?room=lobby&flag", "wss://x.io/s?room=lobby&flag"],
    ["wss://x.io/s?%74oken=abc", "wss://x.io/s?%74oken=redacted"],
  ])("turns %s into %s", (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });

  it("does not choke on junk", () => {
    expect(redactUrl("not a url?token=1&%E0%A4%A=2")).toBe("not a url?token=redacted&%E0%A4%A=2");
  });
});

describe("redactText", () => {
  it("redacts credentials of URLs inside free text and leaves the rest", () => {
    expect(redactText("fetch https://auth.x.io/token?client=web&access_token=abc123 failed: 401")).toBe(
      "fetch https://auth.x.io/token?client=web&access_token=redacted failed: 401",
    );
    expect(redactText("wss://bob:hunter2@x.io/s?jwt=eyJ.x.y and then")).toBe(
      "wss://redacted@x.io/s?jwt=redacted and then",
    );
    expect(redactText("token=abc")).toBe("token=redacted");
    expect(redactText("plain words, no secrets, a=b")).toBe("plain words, no secrets, a=b");
  });
});
