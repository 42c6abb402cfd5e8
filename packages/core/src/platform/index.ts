// The features a browser app should have: `createSocket(url, { use: [browser()] })`.
export { browser } from "./browser.js";
export { OFFLINE_PROBE_TIMEOUT_MS, type PlatformOptions, platform, RESUME_GRACE_MS } from "./platform.js";
