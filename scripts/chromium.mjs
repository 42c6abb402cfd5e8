// How every browser test starts Chromium: Debian's binary (never a downloaded one) and flags that keep it quiet on
// a closed network. Shared by the root vitest config (stories) and the demo's Playwright config.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
