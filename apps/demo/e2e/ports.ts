/** Ports of the demo under test, apart from `pnpm dev`'s 5173 and 8787 so both can run at once. */
export const E2E = { appPort: 4173, apiPort: 8788 } as const;
