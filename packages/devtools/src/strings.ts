import type { DevtoolsLocale } from "./props.js";

// Every word the panel shows, per language. Status values, reason codes and event types stay as the API spells them
// (`reconnecting`, `connection-lost`), since that is what a developer searches the docs and their own code for;
// the words around them are translated. `{name}` holes are filled by `fill()`.

/** The panel's strings in one language. */
export interface DevtoolsStrings {
  readonly title: string;
  readonly close: string;
  readonly socketsOne: string;
  readonly socketsMany: string;
  readonly none: string;
  readonly url: string;
  readonly status: string;
  readonly attempt: string;
  readonly nextAttempt: string;
  readonly retryIn: string;
  readonly retryDue: string;
  readonly noRetry: string;
  readonly lastClose: string;
  readonly noClose: string;
  readonly closeReason: string;
  readonly noCloseReason: string;
  readonly classification: string;
  readonly why: string;
  readonly decision: string;
  readonly delay: string;
  readonly noDelay: string;
  readonly serverHint: string;
  readonly lastIn: string;
  readonly nothingIn: string;
  /** The heartbeat row: a ping waiting since {time}, or none. */
  readonly heartbeat: string;
  readonly pingWaiting: string;
  readonly noPing: string;
  readonly queue: string;
  readonly queueEmpty: string;
  readonly queued: string;
  readonly tab: string;
  readonly tabRole: string;
  readonly features: string;
  readonly noFeatures: string;
  readonly binary: string;
  readonly faults: string;
  readonly drop: string;
  readonly presets: string;
  readonly preset1001: string;
  readonly preset1008: string;
  readonly preset4401: string;
  readonly preset4403: string;
  readonly preset1011: string;
  readonly preset1013: string;
  readonly customClose: string;
  readonly code: string;
  readonly reason: string;
  readonly closeWithCode: string;
  readonly codeInvalid: string;
  readonly reasonTooLong: string;
  readonly offline: string;
  readonly wentOffline: string;
  readonly cameOnline: string;
  readonly silence: string;
  readonly refuseCount: string;
  readonly refuse: string;
  readonly countInvalid: string;
  readonly faultSent: string;
  readonly faultFailed: string;
  readonly messages: string;
  readonly filter: string;
  readonly noMessages: string;
  readonly noMatch: string;
  readonly time: string;
  readonly direction: string;
  readonly size: string;
  readonly preview: string;
  readonly directionIn: string;
  readonly directionOut: string;
  readonly timeline: string;
  readonly noEvents: string;
  readonly event: string;
  readonly detail: string;
  readonly copyReport: string;
  readonly copied: string;
  readonly copyRefused: string;
  readonly report: string;
}

export const en: DevtoolsStrings = {
  title: "Lifeline sockets",
  close: "Close the devtools",
  socketsOne: "1 socket",
  socketsMany: "{count} sockets",
  none: "No Lifeline socket on the page yet. Sockets made after the devtools loaded show up here; in a production build, only those with inspectable() in their use.",
  url: "URL",
  status: "Status",
  attempt: "Attempt",
  nextAttempt: "Next attempt",
  retryIn: "in {seconds} s",
  retryDue: "due now",
  noRetry: "none planned",
  lastClose: "Last close",
  noClose: "none yet",
  closeReason: "Reason sent",
  noCloseReason: "(empty)",
  classification: "Classified as",
  why: "What it means",
  decision: "Decision",
  delay: "wait {ms} ms",
  noDelay: "no wait",
  serverHint: "server asked for {ms} ms",
  lastIn: "Last message in",
  nothingIn: "none yet",
  heartbeat: "Heartbeat",
  pingWaiting: "ping sent at {time}, no answer yet",
  noPing: "no ping waiting",
  queue: "Send queue",
  queueEmpty: "empty",
  queued: "{count} waiting",
  tab: "Tab",
  tabRole: "{role}, {count} tab(s) sharing",
  features: "Features",
  noFeatures: "none",
  binary: "(binary data)",
  faults: "Break it",
  drop: "Drop (1006)",
  presets: "Close as the server would",
  preset1001: "1001 going away",
  preset1008: "1008 rate limited, retry after 5 s",
  preset4401: "4401 unauthorized",
  preset4403: "4403 forbidden",
  preset1011: "1011 server error",
  preset1013: "1013 try again later",
  customClose: "Close with any code",
  code: "Code",
  reason: "Reason",
  closeWithCode: "Close",
  codeInvalid: "Enter a whole number from 1000 to 4999.",
  reasonTooLong: "The reason takes {bytes} bytes in UTF-8; a close reason holds at most 123.",
  offline: "Offline",
  wentOffline: "offline",
  cameOnline: "back online",
  silence: "Silence (half-open)",
  refuseCount: "Handshakes to refuse",
  refuse: "Refuse the next handshakes",
  countInvalid: "Enter a whole number, 1 or more.",
  faultSent: "Done: {fault}.",
  faultFailed: "The fault did not go through: {message}",
  messages: "Messages",
  filter: "Filter messages",
  noMessages: "No message yet.",
  noMatch: "No message matches the filter.",
  time: "Time",
  direction: "Way",
  size: "Size",
  preview: "Preview",
  directionIn: "in",
  directionOut: "out",
  timeline: "Timeline",
  noEvents: "Nothing happened yet.",
  event: "Event",
  detail: "Detail",
  copyReport: "Copy report",
  copied: "Report copied: the URL, state, timeline and messages as JSON, credentials redacted.",
  copyRefused: "The browser did not let the panel use the clipboard. Select the report below and copy it.",
  report: "Report (JSON)",
};

export const zhCN: DevtoolsStrings = {
  title: "Lifeline 连接",
  close: "关闭开发工具",
  socketsOne: "1 个连接",
  socketsMany: "{count} 个连接",
  none: "页面上还没有 Lifeline 连接。开发工具加载之后创建的连接会列在这里；生产构建中只列出 use 里带 inspectable() 的连接。",
  url: "地址",
  status: "状态",
  attempt: "尝试次数",
  nextAttempt: "下次尝试",
  retryIn: "{seconds} 秒后",
  retryDue: "即将开始",
  noRetry: "没有安排",
  lastClose: "上次关闭",
  noClose: "还没有",
  closeReason: "发来的原因",
  noCloseReason: "（空）",
  classification: "归类",
  why: "含义",
  decision: "处理方式",
  delay: "等待 {ms} 毫秒",
  noDelay: "不等待",
  serverHint: "服务器要求 {ms} 毫秒",
  lastIn: "最近收到消息",
  nothingIn: "还没有",
  heartbeat: "心跳",
  pingWaiting: "{time} 发出的 ping 尚未收到回应",
  noPing: "没有等待回应的 ping",
  queue: "发送队列",
  queueEmpty: "空",
  queued: "{count} 条待发",
  tab: "标签页",
  tabRole: "{role}，{count} 个标签页共用",
  features: "功能",
  noFeatures: "无",
  binary: "（二进制数据）",
  faults: "制造故障",
  drop: "断开（1006）",
  presets: "像服务器那样关闭",
  preset1001: "1001 离开",
  preset1008: "1008 限流，5 秒后重试",
  preset4401: "4401 未授权",
  preset4403: "4403 禁止访问",
  preset1011: "1011 服务器错误",
  preset1013: "1013 稍后再试",
  customClose: "用任意代码关闭",
  code: "代码",
  reason: "原因",
  closeWithCode: "关闭",
  codeInvalid: "请输入 1000 到 4999 之间的整数。",
  reasonTooLong: "原因按 UTF-8 计有 {bytes} 字节；关闭原因最多 123 字节。",
  offline: "离线",
  wentOffline: "已离线",
  cameOnline: "已恢复在线",
  silence: "静默（半开连接）",
  refuseCount: "拒绝的握手次数",
  refuse: "拒绝接下来的握手",
  countInvalid: "请输入不小于 1 的整数。",
  faultSent: "已执行：{fault}。",
  faultFailed: "故障没有生效：{message}",
  messages: "消息",
  filter: "筛选消息",
  noMessages: "还没有消息。",
  noMatch: "没有符合筛选的消息。",
  time: "时间",
  direction: "方向",
  size: "大小",
  preview: "预览",
  directionIn: "收",
  directionOut: "发",
  timeline: "时间线",
  noEvents: "还没有发生任何事。",
  event: "事件",
  detail: "详情",
  copyReport: "复制报告",
  copied: "报告已复制：地址、状态、时间线和消息，JSON 格式，凭据已隐去。",
  copyRefused: "浏览器不允许面板使用剪贴板。请选中下面的报告自行复制。",
  report: "报告（JSON）",
};

export const STRINGS: Record<DevtoolsLocale, DevtoolsStrings> = { en, "zh-CN": zhCN };

/** Puts each `{name}` of `template` in its place. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (hole, name: string) => (name in values ? String(values[name]) : hole));
}
