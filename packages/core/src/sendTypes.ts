// What a socket takes and hands out: its URL, what it sends, what a send did, what a message listener gets. Apart from
// socket.ts so that the kernel's files can name them without importing the socket itself.

/** A URL, or a function called before every attempt that returns one (or a Promise of one), e.g. with a fresh token. */
export type UrlSource = string | URL | (() => string | URL | Promise<string | URL>);

/** What `send()` accepts: anything the platform's WebSocket can send. */
export type SendData = string | ArrayBufferLike | ArrayBufferView | Blob;

/** What `send()` did with a message. Only `"sent"` and `"queued"` keep it. */
export type SendOutcome = "sent" | "queued" | "closed" | "full";

/** Receives each message's `data` and the event itself. */
export type MessageListener = (data: unknown, event: { data: unknown }) => void;
