import { closeReasons } from "../classify/closeReasons.js";
import type { Feature } from "../feature.js";
import { type PlatformOptions, platform } from "./platform.js";

/**
 * What a socket in a browser app should have, in one import: the platform's signals (offline and online, a tab
 * hidden and shown, the back/forward cache; see `platform`) and the reasons servers give in their closes (see
 * `closeReasons`). `@lifeline/react`'s hooks use it by default.
 */
export function browser(options: PlatformOptions = {}): readonly Feature[] {
  return [platform(options), closeReasons()];
}
