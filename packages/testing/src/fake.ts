// `@lifeline/testing/fake`: the fakes alone, without the servers, so a browser (Storybook, Vitest browser mode)
// can import them; the main entry pulls in node:http.
export { FakeCloseEvent, type FakeCloseEventInit } from "./fakeCloseEvent.js";
export { createFakeLocks, type FakeLocks, type FakeLocksOptions } from "./fakeLocks.js";
export { createFakePage, createFakeSignal, type FakePage, type FakeSignal } from "./fakeSignal.js";
export { createFakeWebSocket, type FakeWebSocket, type FakeWebSocketFactory } from "./fakeWebSocket.js";
