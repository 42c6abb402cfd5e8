import type { CloseCodeCatalog } from "../explain/types.js";

// A locale loads alone, so an app ships only the language it uses.

/** English explanations of WebSocket close codes, for the developers and operators who debug them. */
export const en: CloseCodeCatalog = {
  locale: "en",
  codes: {
    1000: {
      title: "Normal closure",
      meaning:
        "The side that sent it has finished with the connection and is closing it on purpose. Nothing went wrong at " +
        "the protocol level.",
      happensWhen:
        "Your app called close(1000), or the server ended the session because its work was done, for example after " +
        "the last subscription ended. Some servers and proxies also send 1000 when they recycle connections, and a " +
        "few client libraries report their own connect or heartbeat timeouts as 1000.",
      fix:
        "Nothing to fix when your app asked for it: Lifeline never retries a close the client requested. When the " +
        "server sends 1000, Lifeline reconnects with backoff because the app still wants a live socket; if that " +
        "server uses 1000 to end sessions for good, stop the connection from the app instead.",
    },
    1001: {
      title: "Going away",
      meaning:
        "The side that sent it is leaving: a server is shutting down, or a browser page is being left. It is a " +
        "planned departure, not an error.",
      happensWhen:
        "Servers send it while shutting down, during deploys, and when hosting infrastructure recycles connections. " +
        "The browser sends it to the server by itself when the user navigates away or closes the tab; script cannot " +
        "send 1001 through close().",
      fix:
        "Lifeline reconnects soon with a short random spread, so a crowd of clients does not reach the new server in " +
        "the same instant. If it shows up often, look at deploy and recycling schedules rather than at the client.",
    },
    1002: {
      title: "Protocol error",
      meaning: "The peer received frames that break the WebSocket protocol, so it ended the connection.",
      happensWhen:
        "A buggy or incompatible client, server or proxy sent malformed frames, for example an unmasked frame from a " +
        "client, a masked frame from a server, or a control frame longer than 125 bytes.",
      fix:
        "Lifeline makes one more attempt and then stops, because a protocol bug does not go away by retrying. " +
        "Compare the WebSocket library versions on both sides and capture the frames with the browser's network " +
        "panel or a packet capture to see which side breaks the rules.",
    },
    1003: {
      title: "Unsupported data",
      meaning:
        "The receiver got a kind of message it does not accept, such as binary data on an endpoint that only handles " +
        "text.",
      happensWhen:
        "Client and server disagree on the message format, for example the client sends a Blob or ArrayBuffer to a " +
        "server that only reads text messages.",
      fix:
        "Lifeline stops, since every retry would fail the same way. Make the sender use the message type the " +
        "receiver expects, for example JSON sent as a string instead of as binary.",
    },
    1004: {
      title: "Reserved",
      meaning:
        "RFC 6455 reserves this code without giving it a meaning; a later specification may define one. No " +
        "conforming endpoint sends it today.",
      happensWhen:
        "You should not see it. If you do, a peer or library is misusing the number, usually as a private code that " +
        "belongs in the 4000 to 4999 range.",
      fix:
        "Lifeline treats it like an unknown code and reconnects with backoff, at most 5 attempts. Find the component " +
        "that sends it and move it to a private or registered code.",
    },
    1005: {
      title: "No status received",
      meaning:
        "A close frame arrived without a status code, and the receiving side reports 1005 to say so. The code itself " +
        "is never sent on the wire.",
      happensWhen:
        "The peer sent an empty close frame, which is what a browser does when script calls close() with no " +
        "arguments: the server sees 1005, usually echoes an empty frame, and the client then reports 1005 as well. " +
        "Some server frameworks also close without a code by default.",
      fix:
        "Lifeline reconnects with backoff, unless your own client asked for the close, in which case it stays " +
        "closed. Pass an explicit code when closing on either side, so the other end can tell a planned end from a " +
        "problem.",
    },
    1006: {
      title: "Abnormal closure",
      meaning:
        "The connection ended without any close frame being received. The receiving side makes this code up; it is " +
        "never sent on the wire.",
      happensWhen:
        "The TCP connection dropped, the server crashed, or a proxy cut a connection that stayed silent too long: " +
        "nginx and AWS ALB after 60 s by default, Heroku after 55 s, Cloudflare after about 100 s. Browsers also " +
        "report every failed attempt to connect as 1006 with an empty reason, whether the handshake was rejected " +
        "with HTTP 401, 403, 429 or 503, the port was refused, DNS or TLS failed, or close() was called while still " +
        "connecting.",
      fix:
        "Lifeline reconnects with exponential backoff and jitter. Send heartbeats more often than the smallest idle " +
        "timeout on the path (20 to 30 s is typical), and read the handshake status in the server logs or the " +
        "browser's network panel, since the close event cannot show it. To tell the client why it was turned away, " +
        "accept the upgrade first and then close with a code such as 1008 or 4403.",
    },
    1007: {
      title: "Invalid payload data",
      meaning: "A message's content did not match its type, most often a text message that is not valid UTF-8.",
      happensWhen:
        "The sender put bytes that are not valid UTF-8 into a text message, for example by cutting a multi-byte " +
        "character in half or by passing binary data as a string. It points to a bug in the code that encodes or " +
        "relays messages, not to the network.",
      fix:
        "Lifeline stops, because the same data would be rejected again. Find the sender that produces the bad text, " +
        "encode text as proper UTF-8, and send raw bytes as binary messages.",
    },
    1008: {
      title: "Policy violation",
      meaning:
        "The receiver got something that breaks its rules. It is the catch-all rejection code, used when no narrower " +
        "code fits or when the server would rather not say what went wrong.",
      happensWhen:
        "After the connection opened, the server rejected the client for rate limiting, missing or expired " +
        "credentials, a disallowed origin or another access rule. A server can only send 1008 once it has accepted " +
        "the upgrade; a handshake it refuses shows up in the browser as 1006.",
      fix:
        "Lifeline reads the reason as machine data: if it says rate limited, Lifeline waits for the server's " +
        "retry-after hint plus a little jitter, or, without a hint, keeps attempts at least 30 s apart. Expired or " +
        "missing credentials get an auth refresh and one more try, while forbidden or unexplained closes stop. Let the server put a parseable hint such as " +
        "retry-after=30 in the reason, and never show the reason text to end users.",
    },
    1009: {
      title: "Message too big",
      meaning: "The receiver got a message larger than it is willing to process.",
      happensWhen:
        "The client sent a message over the server's size limit or over a gateway's limit, such as the 32 KB frame " +
        "and 128 KB message caps of AWS API Gateway. Most server WebSocket libraries have a configurable maximum " +
        "payload.",
      fix:
        "Lifeline reconnects but never resends the oversized message, since it would fail again. Split large " +
        "payloads into smaller messages, or raise the limit on the server and on every proxy along the path.",
    },
    1010: {
      title: "Missing extension",
      meaning:
        "The client closed because the server did not agree, during the handshake, to one or more extensions the " +
        "client requires. The reason should name the missing extensions.",
      happensWhen:
        "Only a client sends it, after a handshake response that left out an extension the client depends on. " +
        "Browsers negotiate extensions on their own and never send 1010, so it comes from native or server-side " +
        "clients.",
      fix:
        "Lifeline stops, because the same negotiation would fail again. Enable the extension on the server and on " +
        "any proxy that rewrites handshake headers, or drop the requirement in the client.",
    },
    1011: {
      title: "Internal error",
      meaning:
        "The side that sent it hit an unexpected condition that kept it from carrying on with the connection. RFC " +
        "6455 defined it for servers, and an erratum later extended it to clients.",
      happensWhen:
        "Usually an unhandled exception in the server's connection handler, or a failed call to something it depends " +
        "on, such as a database. A client library may also send it when its own code fails.",
      fix:
        "Lifeline reconnects with backoff, up to 8 attempts, then gives up. Search the server logs around the time " +
        "of the close for the exception; this is usually a server bug rather than a network problem.",
    },
    1012: {
      title: "Service restart",
      meaning:
        "The server is restarting and closed the connection on purpose. IANA added this code to the registry after " +
        "RFC 6455 was published.",
      happensWhen: "A rolling deploy, a configuration reload or a planned restart of the server process.",
      fix:
        "Lifeline reconnects soon after a short random delay, so clients do not all return at once. There is nothing " +
        "to fix unless restarts are frequent; if one restart drops many clients, have new instances ready before old " +
        "ones close.",
    },
    1013: {
      title: "Try again later",
      meaning:
        "The server is in a temporary state, usually overloaded, and is turning connections away. IANA added this " +
        "code after RFC 6455, and it carries no standard delay.",
      happensWhen: "The server or a gateway hit its capacity or connection limit and asked clients to come back later.",
      fix:
        "Lifeline uses a slow backoff with a high floor to give the server room to recover. Add capacity or raise " +
        "the connection limit; until then, the slow retries are the intended behaviour.",
    },
    1014: {
      title: "Bad gateway",
      meaning:
        "A gateway or proxy in front of the server got an invalid response from the server behind it, much like HTTP " +
        "502. IANA added this code after RFC 6455.",
      happensWhen:
        "The proxy could not get a valid answer from its backend, for example because the backend was down, " +
        "restarting or misconfigured.",
      fix:
        "Lifeline reconnects with backoff. Check the proxy's logs and upstream health checks first, then the backend " +
        "it forwards to.",
    },
    1015: {
      title: "TLS handshake failed",
      meaning:
        "The TLS handshake failed, for example because the server's certificate could not be verified. The receiving " +
        "side makes this code up; it is never sent on the wire.",
      happensWhen:
        "Non-browser clients may report it for an expired, self-signed or wrong-host certificate. Browsers never " +
        "expose it: they report the same failure as 1006, so that pages cannot use it to probe the network.",
      fix:
        "Lifeline treats it like 1006 and reconnects with backoff. Check the certificate chain, expiry date and host " +
        "name with a TLS tool, and make sure the wss URL names a host that the certificate covers.",
    },
    3000: {
      title: "Unauthorized",
      meaning:
        "An IANA registration in the library and framework range, meaning the client is not authenticated, much like " +
        "HTTP 401.",
      happensWhen:
        "The server closed because credentials were missing, invalid or expired, for example an access token that " +
        "ran out during a long session. Some servers, Centrifugo among them, give 3000 their own meaning, so check " +
        "what yours uses it for.",
      fix:
        "Lifeline refreshes credentials and tries once more; if that fails, it stops. Make sure the token refresh " +
        "works and that the server accepts the new token when the client connects.",
    },
    3003: {
      title: "Forbidden",
      meaning:
        "An IANA registration meaning the client is authenticated but not allowed to do what it asked, much like " +
        "HTTP 403.",
      happensWhen:
        "The user lacks permission for the channel, room or resource the connection is for, or the account was " +
        "disabled. A server with its own codes in the 3000 range may mean something else by it.",
      fix:
        "Lifeline stops, since retrying with the same identity will not help. Check the user's permissions on the " +
        "server, and let the app offer a way to switch account or request access.",
    },
    3008: {
      title: "Timeout",
      meaning: "An IANA registration meaning the server gave up waiting for the client, much like HTTP 408.",
      happensWhen:
        "The client did not authenticate, answer a heartbeat or finish a setup step in time, for example because the " +
        "browser throttled timers in a hidden tab. Centrifugo uses 3008 for a client that reads too slowly, so the " +
        "meaning depends on the server.",
      fix:
        "Lifeline reconnects with backoff. Compare the server's timeouts with the client's heartbeat and setup " +
        "timing, and start client heartbeats from network events so browser timer throttling cannot delay them.",
    },
  },
  ranges: {
    unused: {
      title: "Unused code",
      meaning: "Codes 0 to 999 are not used by the WebSocket protocol. No conforming endpoint sends them.",
      happensWhen:
        "A broken peer or library produced the number. Lifeline also reports 0 when a close event carried no usable " +
        "code.",
      fix:
        "Lifeline reconnects with backoff, at most 5 attempts. Find the component that produces the number and make " +
        "it send a valid close code.",
    },
    protocol: {
      title: "Unassigned protocol code",
      meaning:
        "Codes 1016 to 2999 are kept for future revisions of the WebSocket protocol and for extensions defined in " +
        "public specifications. None of them is assigned yet.",
      happensWhen:
        "A peer uses a number from this range as its own custom code, or an extension defines a code that this " +
        "version of Lifeline does not know.",
      fix:
        "Lifeline treats it as unknown and reconnects with backoff, at most 5 attempts. Custom application codes " +
        "belong in 4000 to 4999: move them there and map them for that server.",
    },
    registered: {
      title: "Library or framework code",
      meaning:
        "Codes 3000 to 3999 are for libraries, frameworks and applications, registered with IANA on a first come, " +
        "first served basis. Only 3000, 3003 and 3008 have registry entries; every other number here has no standard " +
        "meaning.",
      happensWhen:
        "A server framework uses its own codes here, often without registering them. Centrifugo, for example, has " +
        "codes in the 3000s that invite a reconnect and others that are final.",
      fix:
        "Unless you map the code for that server, Lifeline reconnects with backoff, at most 5 attempts. Read your " +
        "server's documentation and add a per-server mapping, so final codes stop and temporary ones retry.",
    },
    private: {
      title: "Private application code",
      meaning:
        "Codes 4000 to 4999 are for private use and can never be registered. They mean whatever the client and " +
        "server have agreed on.",
      happensWhen:
        "Your server or framework sent its own code, often following the convention of HTTP status plus 4000: 4401 " +
        "unauthorized, 4403 forbidden, 4429 rate limited. Browser apps can also send these codes themselves with " +
        "close().",
      fix:
        "Unless you map the code for that server, Lifeline reconnects with backoff, at most 5 attempts. Map every " +
        "code your server uses to a retry decision, for example refresh credentials on 4401 and stop on 4403.",
    },
    "out-of-range": {
      title: "Invalid code",
      meaning:
        "Numbers from 5000 up, negative numbers and non-integers are outside the close-code space. No conforming " +
        "peer can send them.",
      happensWhen:
        "Usually a library or wrapper built a close event by hand with a wrong value. A real peer that sends such a " +
        "code is broken.",
      fix:
        "Lifeline reconnects with backoff, at most 5 attempts. Find the code that creates the event and make it pass " +
        "a valid close code.",
    },
  },
  views: {
    reference: {
      caption: "WebSocket close codes",
      filter: "Filter by code or words",
      count: "{shown} of {total} shown",
      empty: "No code or range matches “{query}”.",
      code: "Code",
      title: "Title",
      meaning: "Meaning",
      nextStep: "Lifeline's default next step",
      openRange: "≥ {start}",
    },
    comparison: {
      title: "{first} vs {second}",
      caption: "How {first} and {second} compare",
      facet: "Facet",
      differs: "Differs",
      seenWhen: "When you meet each",
      note: "The difference in short",
      fix: "What to do",
      fixFor: "After {code}",
    },
  },
  sections: { meaning: "What it means", happensWhen: "When it happens", fix: "How to fix it" },
  compare: {
    origin: {
      label: "Sent by",
      server: "Server",
      client: "Client",
      either: "Either side",
      local: "Made up locally, never sent",
    },
    onWire: {
      label: "Sent on the wire?",
      yes: "Yes",
      no: "No",
    },
    rejection: {
      label: "Server turned the client away?",
      yes: "Yes",
      no: "No",
    },
    retry: {
      label: "Lifeline's default",
      backoff: "Backoff with jitter",
      soon: "Soon, with a short random spread",
      slow: "Slow backoff with a high floor",
      "after-hint": "After the server's retry hint",
      "refresh-auth": "Refresh credentials, then one try",
      never: "Never",
    },
    seenWhen: "You see {code} when",
  },
  pairs: {
    "1000-1001":
      "1000 says the sender is done with the connection; 1001 says the sender itself is going away. A server " +
      "finishing a session sends 1000, while a server shutting down or a browser leaving the page sends 1001.",
    "1000-1005":
      "1000 is an explicit normal close with a code; 1005 means the close frame had no code at all, and the " +
      "receiving side reports that. Calling close(1000) gives 1000 on the other side, while close() with no " +
      "arguments gives 1005.",
    "1001-1006":
      "1001 arrives in a close frame, so the peer left in an orderly way; 1006 means no close frame came at all. A " +
      "server shutting down cleanly sends 1001, while a crashed server, a dropped network or a proxy cutting an idle " +
      "connection gives 1006.",
    "1001-1012":
      "Both are planned departures by the server. 1001 is a general going away, such as a shutdown or a browser " +
      "leaving the page, while 1012 says the server is restarting and will be back shortly; Lifeline reconnects soon " +
      "after either.",
    "1005-1006":
      "Both are made up by the receiving side and never sent. 1005 means a close frame did arrive but carried no " +
      "code; 1006 means no close frame arrived, because the connection dropped or never opened.",
    "1006-1008":
      "1008 is an explicit rejection the server sends after the connection opened; 1006 means there was no close " +
      "frame at all. A server that refuses the HTTP handshake with 401, 403 or 429 still shows up as 1006 in the " +
      "browser, so it must accept the upgrade and then send 1008 if the client needs to know why.",
    "1006-1011":
      "1011 is a close frame from a server that caught its own error; 1006 means the connection ended without one. " +
      "An exception the server handled gives 1011, while a process crash, a killed container or a network drop gives " +
      "1006.",
    "1006-1015":
      "Both describe something the receiving side saw, and neither is ever sent. 1015 names a failed TLS handshake, " +
      "but browsers hide it and report TLS failures as 1006, so in a browser you only ever see 1006.",
    "1006-3008":
      "3008 is a close frame from a server that gave up waiting for the client; 1006 means the connection was cut " +
      "with no close frame. A server-side auth or heartbeat timeout gives 3008, while a proxy's idle timeout, such " +
      "as nginx's 60 s, gives 1006.",
    "1008-1009":
      "1009 names one specific problem, a message over the receiver's size limit; 1008 is the general policy " +
      "rejection used when no narrower code fits. An oversized message gives 1009, while rate limits, bad " +
      "credentials or a disallowed origin give 1008.",
    "1008-1013":
      "1008 says this client broke a rule, such as a rate limit; 1013 says the server itself is overloaded and is " +
      "turning clients away whatever they do. Lifeline waits for the server's hint after a rate-limit 1008 and backs " +
      "off slowly after 1013.",
    "1008-3000":
      "3000 says plainly that credentials are missing or invalid; 1008 may mean the same but hides it behind a " +
      "general policy rejection. Lifeline refreshes credentials after 3000, and after 1008 only when the reason says " +
      "the credentials expired or were missing.",
    "1008-3003":
      "3003 says the authenticated client lacks permission; 1008 is a general rejection whose reason may or may not " +
      "say why. Lifeline stops after 3003 and after a forbidden or unexplained 1008, but a 1008 for rate limiting or " +
      "expired credentials can still be retried.",
    "1011-1013":
      "1011 reports an unexpected failure, usually a bug; 1013 reports a deliberate, temporary refusal because the " +
      "server is overloaded. An unhandled exception gives 1011, while load shedding gives 1013, which Lifeline " +
      "retries slowly.",
    "1012-1013":
      "1012 is a planned restart, so the server will be back shortly and Lifeline returns soon with a random spread. " +
      "1013 means the server is running but overloaded, so Lifeline backs off slowly from a high floor.",
    "1013-1014":
      "1013 comes from the server itself when it is overloaded; 1014 comes from a gateway or proxy that got an " +
      "invalid response from the server behind it, like HTTP 502. A busy backend shedding load gives 1013, while a " +
      "backend the proxy could not talk to properly gives 1014.",
    "3000-3003":
      "3000 means the client is not authenticated, like HTTP 401, and new credentials may help; 3003 means it is " +
      "authenticated but not allowed, like HTTP 403, and retrying will not help. Lifeline refreshes credentials once " +
      "after 3000 and stops after 3003.",
    "3000-3008":
      "3000 means the credentials were missing or rejected; 3008 means the server stopped waiting, for example for " +
      "authentication or a heartbeat, before rejecting anything. A client that never sent its token in time gets " +
      "3008, while one that sent an expired token gets 3000.",
    "1002-1007":
      "1002 means the frames themselves break the WebSocket protocol; 1007 means the frames are fine but a message's " +
      "content does not fit its type, usually invalid UTF-8 in a text message. Both point to a bug in the sender.",
    "1003-1007":
      "1003 means the receiver does not accept that kind of message at all, such as binary on a text-only endpoint; " +
      "1007 means the kind is accepted but the content is invalid for it. Sending binary to a text-only server gives " +
      "1003, while sending broken UTF-8 as text gives 1007.",
  },
};
