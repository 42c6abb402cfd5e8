// A deliberate breach of the boundary rule, loaded only by boundary.test.ts to prove the trap works.
export const hasWindow = typeof (globalThis as { window?: unknown }).window !== "undefined";
