/**
 * Ports of the demo under test, apart from `pnpm dev`'s 5173 and 8787 so both can run at once. E2E_APP_PORT and
 * E2E_API_PORT move them, so two checkouts can run their end-to-end tests side by side.
 */
export const E2E = {
  appPort: Number(process.env.E2E_APP_PORT ?? 4173),
  apiPort: Number(process.env.E2E_API_PORT ?? 8788),
} as const;
