// What upstream's Jest setup gives each test file, on Vitest: a `jest` object backed by `vi`, and (as upstream's
// __test__/configJSDom.ts does) eventsourcemock's EventSource on the window, since jsdom has none.
import { createRequire } from "node:module";
import { vi } from "vitest";

const require = createRequire(import.meta.url);
const EventSource = require("eventsourcemock").default;

const jest = {
  ...vi,
  // Jest's names for what vi names differently.
  setTimeout: (ms: number) => vi.setConfig({ testTimeout: ms }),
  requireActual: (id: string) => vi.importActual(id),
};

Object.defineProperty(globalThis, "jest", { value: jest, configurable: true, writable: true });
Object.defineProperty(window, "EventSource", { value: EventSource, configurable: true, writable: true });
