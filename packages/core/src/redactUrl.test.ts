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

  it("redacts JSON in a parameter's value, as in an OAuth state", () => {
    expect(redactUrl("wss://x.io/s?state=%7B%22token%22%3A%22abc%22%7D")).toBe(
      "wss://x.io/s?state=%7B%22token%22%3A%22redacted%22%7D",
    );
  });

  it("does not choke on junk", () => {
    expect(redactUrl("not a url?token=1&%E0%A4%A=2")).toBe("not a url?token=redacted&%E0%A4%A=2");
  });
});

// Issue 20 §1: each of these leaked through the patterns; the URL is now parsed as a browser would parse it.
describe("redactUrl on what the patterns got wrong", () => {
  it.each([
    // The OAuth implicit flow puts its token in the fragment.
    ["wss://x.io/cb#access_token=abc123&state=s1", "wss://x.io/cb#access_token=redacted&state=s1"],
    ["https://x.io/#/callback?access_token=abc123", "https://x.io/#/callback?access_token=redacted"],
    // The userinfo ends at the last "@" before the host, not at the first.
    ["wss://alice:p@ss@x.io/s", "wss://redacted@x.io/s"],
    // A special scheme needs no "//": a browser reads this as wss://alice:secret@x.io/s.
    ["wss:alice:secret@x.io/s", "wss:redacted@x.io/s"],
    ["wss:\\\\alice:secret@x.io/s", "wss:\\\\redacted@x.io/s"],
    // A parameter's decoded value can carry a query of its own.
    ["wss://x.io/s?next=%2Fapp%3Ftoken%3Dabc123", "wss://x.io/s?next=%2Fapp%3Ftoken%3Dredacted"],
    [
      "wss://x.io/s?redirect=https%3A%2F%2Fy.io%2Fcb%23access_token%3Dabc123",
      "wss://x.io/s?redirect=https%3A%2F%2Fy.io%2Fcb%23access_token%3Dredacted",
    ],
  ])("turns %s into %s", (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });

  it("keeps the host when an @ is in the query, not in the userinfo", () => {
    expect(redactUrl("wss://x.io?email=a@b.com")).toBe("wss://x.io?email=a@b.com");
    expect(redactUrl("wss://x.io?email=a@b.com&token=abc123")).toBe("wss://x.io?email=a@b.com&token=redacted");
  });

  it("keeps an address in a URL that has no userinfo, as the parser says", () => {
    expect(redactUrl("mailto:bob@x.io")).toBe("mailto:bob@x.io");
  });

  it("keeps a fragment that holds no parameters", () => {
    expect(redactUrl("wss://x.io/s#section-2")).toBe("wss://x.io/s#section-2");
  });

  // A URL that does not parse (here an out-of-range port) is what createSocket's error shows, so it must not leak
  // either: its userinfo, query and fragment are still taken apart.
  it.each([
    ["wss://x.io:99999/cb#access_token=abc123", "wss://x.io:99999/cb#access_token=redacted"],
    ["wss://alice:p@ss@x.io:99999/s", "wss://redacted@x.io:99999/s"],
    ["wss:alice:secret@x.io:99999/s", "wss:redacted@x.io:99999/s"],
    ["wss://x.io:99999/s?next=%2Fapp%3Ftoken%3Dabc123", "wss://x.io:99999/s?next=%2Fapp%3Ftoken%3Dredacted"],
    ["wss://x.io:99999?email=a@b.com", "wss://x.io:99999?email=a@b.com"],
  ])("turns %s, which does not parse, into %s", (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });
});

describe("redactText on URLs quoted in free text", () => {
  it("parses each URL in an error message and keeps the words around it", () => {
    expect(
      redactText('Error: "wss://alice:p@ss@x.io/s" refused; see https://x.io/cb#access_token=abc123 (expired)'),
    ).toBe('Error: "wss://redacted@x.io/s" refused; see https://x.io/cb#access_token=redacted (expired)');
    expect(redactText("could not reach wss:alice:secret@x.io/s, retrying")).toBe(
      "could not reach wss:redacted@x.io/s, retrying",
    );
    expect(redactText("GET https://x.io/login?next=%2Fapp%3Ftoken%3Dabc123 returned 302")).toBe(
      "GET https://x.io/login?next=%2Fapp%3Ftoken%3Dredacted returned 302",
    );
    expect(redactText("invite sent from wss://x.io?email=a@b.com")).toBe("invite sent from wss://x.io?email=a@b.com");
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

// Shaped like real credentials, made up for these tests.
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const OPAQUE = "Xk3vQ9pLm2Rt7Wz1Yb5Nc8Hd4Fg6Js0A_-q";
const HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b";

describe("redactText on path segments", () => {
  it("redacts a JWT path segment and keeps the segments around it", () => {
    expect(redactText(`wss://x.io/live/${JWT}/feed`)).toBe("wss://x.io/live/redacted/feed");
  });

  it("redacts all of a JWT path segment even when its header alone is 32 characters or more", () => {
    const longHeader = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjEyMyJ9.eyJzdWIiOiIxIn0.c2ln";
    expect(redactText(`wss://x.io/live/${longHeader}`)).toBe("wss://x.io/live/redacted");
  });

  it("redacts a long base64url segment that mixes digits, lower and upper case", () => {
    expect(redactText(`wss://x.io/s/${OPAQUE}?room=1`)).toBe("wss://x.io/s/redacted?room=1");
  });

  it("redacts a segment of 32 or more hex digits, in either case", () => {
    expect(redactText(`https://x.io/hooks/${HEX}`)).toBe("https://x.io/hooks/redacted");
    expect(redactText("https://x.io/k/9F86D081884C7D659A2FEAA0C55AD015")).toBe("https://x.io/k/redacted");
  });

  it("redacts a token segment inside an error message and keeps the message", () => {
    expect(redactText(`Error: GET https://x.io/v1/keys/${OPAQUE} returned 403`)).toBe(
      "Error: GET https://x.io/v1/keys/redacted returned 403",
    );
  });

  it.each([
    "wss://x.io/api/v1/socket",
    "wss://x.io/live",
    "wss://x.io/v2/rooms/lobby",
    "https://blog.x.io/posts/how-to-reconnect-websockets-in-2024-a-complete-guide",
    "https://x.io/assets/index-4f3a2b1c9d8e7f6a.js",
    "https://x.io/handlers/some_really_long_handler_name_in_snake_case",
  ])("keeps the ordinary path %s", (url) => {
    expect(redactText(url)).toBe(url);
  });

  it("keeps a UUID path segment, in either case, because a UUID is an id and not a secret", () => {
    expect(redactText("wss://x.io/rooms/3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b")).toBe(
      "wss://x.io/rooms/3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b",
    );
    expect(redactText("wss://x.io/rooms/3F2B8C1E-9A4D-4E6F-8B7A-1C2D3E4F5A6B")).toBe(
      "wss://x.io/rooms/3F2B8C1E-9A4D-4E6F-8B7A-1C2D3E4F5A6B",
    );
  });

  it("keeps a mixed segment shorter than 32 characters", () => {
    expect(redactText("wss://x.io/s/Xk3vQ9pLm2Rt7Wz1Yb5Nc8Hd4Fg6Js0")).toBe(
      "wss://x.io/s/Xk3vQ9pLm2Rt7Wz1Yb5Nc8Hd4Fg6Js0",
    );
  });
});

describe("redactText on Authorization credentials", () => {
  it("redacts the token of an Authorization: Bearer header", () => {
    expect(redactText("Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA")).toBe("Authorization: Bearer redacted");
  });

  it("redacts a Basic credential with its base64 padding", () => {
    expect(redactText("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==, then")).toBe(
      "Authorization: Basic redacted, then",
    );
  });

  it("matches the scheme in any case", () => {
    expect(redactText("bearer abc123def456")).toBe("bearer redacted");
    expect(redactText("BASIC dXNlcjpwYXNz")).toBe("BASIC redacted");
  });

  it("redacts a Bearer token in a close reason and keeps the rest of the reason", () => {
    expect(redactText("rejected Bearer 2YotnFZFEjr1zCsicMWpAA: expired")).toBe("rejected Bearer redacted: expired");
  });

  it.each([
    "basic auth required",
    "Bearer token missing.",
    "Server requires Basic Authentication",
    "a basic check failed",
  ])("keeps the plain sentence %s", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("redactText on JSON bodies", () => {
  it.each([
    ['{"token":"abc"}', '{"token":"redacted"}'],
    ['{"access_token": "abc", "expires_in": 3600}', '{"access_token": "redacted", "expires_in": 3600}'],
    ['{"apiKey":"k-1"}', '{"apiKey":"redacted"}'],
    ['{"password" : "hunter2"}', '{"password" : "redacted"}'],
    ['{"refresh_token":"r1","secret":"s1"}', '{"refresh_token":"redacted","secret":"redacted"}'],
    ['{"session":"s-9","user":"bob"}', '{"session":"redacted","user":"bob"}'],
    ['{"Authorization":"Bearer abc"}', '{"Authorization":"redacted"}'],
  ])("turns %s into %s", (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it("redacts a value with escaped quotes in it up to its real end", () => {
    expect(redactText('{"password":"p\\"w","room":"lobby"}')).toBe('{"password":"redacted","room":"lobby"}');
  });

  it("redacts the value of a body cut short before its closing quote", () => {
    expect(redactText('Error: 401 {"user":"bob","access_token":"eyJhbGciOi')).toBe(
      'Error: 401 {"user":"bob","access_token":"redacted',
    );
  });

  it("redacts a JSON error body inside an error message and keeps the error", () => {
    expect(redactText('Error: 400 {"error":"invalid_grant","refresh_token":"r1"}')).toBe(
      'Error: 400 {"error":"invalid_grant","refresh_token":"redacted"}',
    );
  });

  it("keeps error codes, messages and values that are not strings", () => {
    const body = '{"error":"unauthorized","message":"token expired","code":"TOKEN_EXPIRED","errorCode":"E1"}';
    expect(redactText(body)).toBe(body);
    expect(redactText('{"token":null,"sessionCount":3}')).toBe('{"token":null,"sessionCount":3}');
  });
});

describe("redactText on JWTs anywhere", () => {
  it("redacts a JWT in the middle of a sentence", () => {
    expect(redactText(`jwt expired: ${JWT} (at 12:00)`)).toBe("jwt expired: redacted (at 12:00)");
  });

  it("redacts a JWT in a query parameter whose name does not look secret", () => {
    expect(redactText(`wss://x.io/s?state=${JWT}&room=1`)).toBe("wss://x.io/s?state=redacted&room=1");
  });

  it("redacts an unsigned JWT, whose signature part is empty", () => {
    expect(redactText("got eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. back")).toBe("got redacted back");
  });
});

describe("redactText on ordinary text", () => {
  it.each([
    "connect ECONNREFUSED 127.0.0.1:8787",
    "getaddrinfo ENOTFOUND example.com",
    "WebSocket connection to 'wss://x.io/live' failed",
    "closed 1006 after 3 attempts, retrying in 1.5 s",
    "unexpected server response: 502 at wss://api.example.com:443/v1/socket?room=lobby",
    "version 1.2.3 of a.b.c is out",
  ])("keeps %s as it is", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("redactText on long input", () => {
  it("takes linear time on a long run of letters, dots and dashes", () => {
    const text = "a.b-".repeat(50_000);
    const started = performance.now();
    expect(redactText(text)).toBe(text);
    // Quadratic, this took seconds; linear, it takes milliseconds. The margin is for a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("takes linear time on URLs nested in parameters, each parsed and read again", () => {
    const text = "x:?a=".repeat(20_000);
    const started = performance.now();
    expect(redactText(text)).toBe(text);
    // About 0.2 s here; read again whole at each "?", it would take minutes.
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
