// One connection for all the tabs of a browser profile: `createSocket(url, { use: [browser(), tabs({ key: user.id })] })`.
export type { ChannelLike, LockManagerLike } from "./protocol.js";
export { type TabsOptions, tabs } from "./tabs.js";
export { holdTopic, type Topic } from "./topics.js";
