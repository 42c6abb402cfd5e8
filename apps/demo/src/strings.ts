// The demo's own words. The banner, the timeline and the close-code texts come from @lifeline/ui and
// @lifeline/core in the same two languages.
import type { SocketStatus, TabRole } from "@lifeline/core";
import type { FaultName } from "../server/faults.js";

export type Lang = "en" | "zh-CN";

export type PanelFault = Exclude<FaultName, "reset"> | "offline";

export interface DemoStrings {
  readonly title: string;
  readonly tagline: string;
  readonly language: string;
  readonly theme: string;
  readonly themes: { readonly light: string; readonly dark: string };
  readonly tabs: { readonly label: string; readonly chat: string; readonly lab: string };
  readonly chat: {
    readonly heading: string;
    readonly loading: string;
    readonly empty: string;
    readonly name: string;
    readonly message: string;
    readonly send: string;
    readonly sending: string;
    readonly queuedNote: string;
    readonly queuedCount: string;
    readonly historyFailed: string;
  };
  readonly status: {
    readonly label: string;
    readonly heartbeat: string;
    readonly heartbeatOff: string;
    /** With ?tabs=on: the part this tab plays in the connection the tabs share, by role; {count} is the tabs. */
    readonly tabs: Readonly<Record<TabRole["role"], string>>;
    /** Lifeline's status values in words; the raw value stays in `data-status`. */
    readonly names: Readonly<Record<SocketStatus, string>>;
  };
  readonly faults: {
    readonly heading: string;
    readonly intro: string;
    readonly status: string;
    readonly reset: string;
    readonly online: string;
    readonly done: string;
    readonly failed: string;
    readonly items: Readonly<Record<PanelFault, { readonly label: string; readonly hint: string }>>;
    /** The browser's own network state, shown next to the simulated switch; a page can read it, not set it. */
    readonly browser: {
      readonly label: string;
      readonly online: string;
      readonly offline: string;
      readonly hint: string;
    };
    /** Shown in place of the simulated switch with `?platform=default`, where the socket does not read it. */
    readonly platformDefault: string;
  };
  readonly lastClose: {
    readonly heading: string;
    readonly none: string;
    /** Under the explanation when the handshake probe found the HTTP status behind a 1006. */
    readonly probed: string;
  };
  readonly timeline: { readonly heading: string };
}

/** The colon after a label ("Status: open", "状态：已连接"): Chinese takes the full-width one, with no space. */
export function labelColon(lang: Lang): string {
  return lang === "zh-CN" ? "：" : ": ";
}

export const strings: Record<Lang, DemoStrings> = {
  en: {
    title: "Lifeline live demo",
    tagline: "A team chat on a real WebSocket server that misbehaves when you ask it to.",
    language: "Language",
    theme: "Theme",
    themes: { light: "Light", dark: "Dark" },
    tabs: { label: "Views", chat: "Live chat", lab: "Close-code lab" },
    chat: {
      heading: "#general",
      loading: "Loading history…",
      empty: "No messages yet. Say hello.",
      name: "Your name",
      message: "Message",
      send: "Send",
      sending: "Sending…",
      queuedNote: "Not connected: messages wait in the queue and go out in order once the connection is back.",
      queuedCount: "({count} waiting)",
      historyFailed: "Couldn't load the history.",
    },
    status: {
      label: "Status",
      heartbeat: "Heartbeat every {seconds} s",
      heartbeatOff: "Heartbeat off",
      tabs: {
        leader: "This tab holds the connection (tabs sharing it: {count})",
        follower: "Connected through another tab (tabs sharing it: {count})",
        electing: "Tabs are choosing which one connects",
        alone: "This browser can't share a connection between tabs",
      },
      names: {
        idle: "idle",
        connecting: "connecting",
        open: "open",
        closing: "closing",
        reconnecting: "reconnecting",
        offline: "offline",
        paused: "paused",
        closed: "closed",
      },
    },
    faults: {
      heading: "Break it",
      intro: "Each button does something to the live server or the network. Watch the banner and the timeline.",
      status: "Last fault",
      reset: "Reset faults",
      online: "Back online",
      done: "{fault}: done.",
      failed: "{fault} failed: {error}",
      items: {
        drop: { label: "Drop the connection (1006)", hint: "TCP dies with no close frame, like a crash." },
        "rate-limit": { label: "Rate limit (1008)", hint: "Limit of 5 messages/s, then a burst of typing events." },
        "token-expiry": { label: "Expire the token (4401)", hint: "The client refreshes its token and comes back." },
        "sign-out": { label: "Revoke the sign-in (4401)", hint: "Refreshing fails too: the client stops and asks." },
        "session-expiry": { label: "Short sessions (10 s)", hint: "Every session closes after 10 s open." },
        restart: { label: "Restart the server (1012)", hint: "Down for 3 s, then back." },
        overload: { label: "Overload (1013)", hint: "Busy: come back in 5 s." },
        "half-open": { label: "Half-open connection", hint: "The server goes silent; only the heartbeat notices." },
        reject: { label: "Refuse the handshake", hint: "The next 3 handshakes get this HTTP status." },
        refuse: {
          label: "Refuse every handshake",
          hint: "Until reset. After 3 refusals the probe asks the server why, and the banner says so.",
        },
        hang: { label: "Hang the handshake", hint: "No answer at all: the connect timeout steps in." },
        "idle-timeout": { label: "Proxy idle timeout (8 s)", hint: "Idle connections are cut, like nginx or an ALB." },
        malformed: {
          label: "Malformed messages",
          hint: "Wrong field types, an unknown type, not JSON: the schemas keep them out of the chat.",
        },
        offline: { label: "Go offline", hint: "This page loses its network." },
      },
      browser: {
        label: "Browser network",
        online: "online",
        offline: "offline",
        hint: "What navigator.onLine says. A page can't switch it off: use DevTools → Network → Offline, or unplug.",
      },
      platformDefault:
        "?platform=default: the socket reads the browser's own online, visibility and page events, so the simulated switch is not wired.",
    },
    lastClose: {
      heading: "Last close, explained",
      none: "No close yet.",
      probed: "The browser reported only 1006. The handshake probe asked the server over HTTP and got {status}.",
    },
    timeline: { heading: "Timeline" },
  },
  "zh-CN": {
    title: "Lifeline 在线演示",
    tagline: "一个运行在真实 WebSocket 服务器上的团队聊天室，服务器会按你的要求出故障。",
    language: "语言",
    theme: "主题",
    themes: { light: "浅色", dark: "深色" },
    tabs: { label: "视图", chat: "在线聊天", lab: "关闭码实验室" },
    chat: {
      heading: "#general",
      loading: "正在加载历史消息…",
      empty: "还没有消息，来打个招呼吧。",
      name: "你的名字",
      message: "消息",
      send: "发送",
      sending: "发送中…",
      queuedNote: "尚未连接：消息会先排队，连接恢复后按顺序发出。",
      queuedCount: "（{count} 条待发送）",
      historyFailed: "历史消息加载失败。",
    },
    status: {
      label: "状态",
      heartbeat: "每 {seconds} 秒一次心跳",
      heartbeatOff: "心跳已关闭",
      tabs: {
        leader: "本标签页持有连接（共享的标签页：{count} 个）",
        follower: "经由另一个标签页连接（共享的标签页：{count} 个）",
        electing: "各标签页正在选出负责连接的一个",
        alone: "此浏览器无法在标签页之间共享连接",
      },
      names: {
        idle: "空闲",
        connecting: "连接中",
        open: "已连接",
        closing: "正在关闭",
        reconnecting: "等待重连",
        offline: "离线",
        paused: "已暂停",
        closed: "已关闭",
      },
    },
    faults: {
      heading: "制造故障",
      intro: "每个按钮都会直接作用于正在运行的服务器或网络，请留意横幅和时间线如何变化。",
      status: "最近一次故障",
      reset: "清除所有故障",
      online: "恢复网络",
      done: "{fault}：已触发。",
      failed: "{fault}：触发失败（{error}）",
      items: {
        drop: { label: "断开连接（1006）", hint: "TCP 连接直接中断，没有关闭帧，就像服务器崩溃。" },
        "rate-limit": { label: "限流（1008）", hint: "每秒最多 5 条消息，随后发出一串“正在输入”事件。" },
        "token-expiry": { label: "令牌过期（4401）", hint: "客户端刷新令牌后重新连接。" },
        "sign-out": { label: "撤销登录（4401）", hint: "刷新令牌同样失败，客户端停止重连，请用户重新登录。" },
        "session-expiry": { label: "短会话（10 秒）", hint: "每个会话连上 10 秒后就会被关闭。" },
        restart: { label: "重启服务器（1012）", hint: "停机 3 秒后恢复。" },
        overload: { label: "服务器过载（1013）", hint: "服务器繁忙，5 秒后重试。" },
        "half-open": { label: "半开连接", hint: "服务器不再应答，只有心跳能察觉。" },
        reject: { label: "拒绝握手", hint: "接下来的 3 次握手都会收到所选的 HTTP 状态码。" },
        refuse: {
          label: "拒绝所有握手",
          hint: "直到点击“清除所有故障”为止。连续被拒 3 次后，探测会向服务器查明原因，并显示在横幅上。",
        },
        hang: { label: "握手无响应", hint: "服务器完全不应答，连接超时机制会介入。" },
        "idle-timeout": { label: "代理空闲超时（8 秒）", hint: "空闲连接会被切断，就像 nginx 或 ALB 那样。" },
        malformed: {
          label: "发送格式错误的消息",
          hint: "字段类型错误、类型未知、不是 JSON：模式校验会把它们挡在聊天之外。",
        },
        offline: { label: "断网", hint: "让本页面断开网络。" },
      },
      browser: {
        label: "浏览器网络",
        online: "在线",
        offline: "离线",
        hint: "即 navigator.onLine 的值。页面无法自行断网：请在开发者工具中选择 Network → Offline，或者拔掉网线。",
      },
      platformDefault: "?platform=default：连接直接读取浏览器自身的在线、可见性和页面事件，模拟断网开关不起作用。",
    },
    lastClose: {
      heading: "最近一次关闭详解",
      none: "还没有关闭记录。",
      probed: "浏览器只报告了 1006。握手探测通过 HTTP 询问服务器，得到的状态码是 {status}。",
    },
    timeline: { heading: "时间线" },
  },
};
