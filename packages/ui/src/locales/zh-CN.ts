import type { BannerLabels } from "../ConnectionBanner/labels.js";
import type { TimelineLabels } from "../ConnectionTimeline/labels.js";
import type { UiLocale } from "../LocaleProvider.js";

// Simplified Chinese, loaded on its own (`@lifeline/ui/locales/zh-CN`) so English-only apps never ship it.

/** 简体中文横幅文案。 */
export const bannerZhCN: BannerLabels = {
  lost: { title: "连接已断开。", message: "{seconds} 秒后重试…" },
  reconnecting: { title: "正在重新连接…" },
  unreachable: { title: "无法连接到服务器。", message: "{seconds} 秒后重试…" },
  restarting: { title: "服务器正在重启。", message: "{seconds} 秒后重新连接…" },
  busy: { title: "服务器繁忙。", message: "{seconds} 秒后重试…" },
  rateLimited: {
    title: "已被拒绝：请求过于频繁。",
    message: "{seconds} 秒后再试。",
    stopped: "不会再自动重试。",
  },
  auth: { title: "已被拒绝：登录已过期。", message: "请重新登录后继续。" },
  forbidden: { title: "已被拒绝：没有访问权限。", message: "当前账号无法使用此连接。" },
  rejected: { title: "已被服务器拒绝。", message: "不会自动重新连接。" },
  offline: { title: "网络已断开。", message: "正在等待网络恢复…" },
  gaveUp: { title: "无法重新连接。", message: "准备好后可以再试一次。" },
  recovered: { title: "已重新连接。" },
  retryingNow: "正在重试…",
  attempt: "第 {attempt} 次尝试",
  actions: { retryNow: "立即重试", reconnect: "重新连接", signIn: "登录" },
  details: { summary: "详情", code: "关闭码", reason: "原因", none: "无" },
};

/** 连接时间线的简体中文文案。 */
export const timelineZhCN: TimelineLabels = {
  lang: "zh-CN",
  list: "连接时间线",
  empty: "暂无记录。",
  time: {
    gap: "+{duration}",
    gapBackwards: "−{duration}",
    ago: "{duration}前",
    milliseconds: "{ms} 毫秒",
    seconds: "{seconds} 秒",
    minutes: "{minutes} 分 {seconds} 秒",
    hours: "{hours} 小时 {minutes} 分",
  },
  events: {
    connecting: "正在连接 {url}",
    connectingAttempt: "正在连接 {url}（第 {attempt} 次尝试）",
    opened: "已连接 {url}",
    closed: "已关闭：{code} {name} — {next}",
    closedBeforeOpen: "未能建立连接：{code} {name} — {next}",
    closedByApp: "应用关闭了连接：{code} {name}",
    reason: "原因：{reason}",
    retryScheduled: "{seconds} 秒后重试",
    connectTimeout: "无响应：连接 {seconds} 秒后超时",
    heartbeatMissed: "心跳超时：已 {seconds} 秒没有收到消息",
    offline: "网络已断开",
    online: "网络已恢复",
    queueOverflowOne: "发送队列已满：丢弃了 {count} 条消息",
    queueOverflowOther: "发送队列已满：丢弃了 {count} 条消息",
    queueDiscardedOne: "关闭时丢弃了 {count} 条未发送的消息",
    queueDiscardedOther: "关闭时丢弃了 {count} 条未发送的消息",
    messageTooBig: "消息过大：服务器拒绝了 {bytes} 字节",
    messageTooBigUnknownSize: "消息过大：服务器拒绝了该消息",
    urlFailed: "无法获取 URL：{error}",
    credentialsRefreshed: "凭据已刷新",
    credentialsFailed: "刷新凭据失败：{error}",
    callbackFailed: "应用的 {callback} 抛出了错误，已改用默认行为：{error}",
    probed: "已探查握手失败原因：HTTP {status}",
    probedNothing: "已探查握手失败原因：没有得到答复",
    unknown: "未知事件：{type}",
  },
  next: {
    backoff: "将逐步延长间隔后重试",
    soon: "将很快重新连接",
    slow: "将放慢重试",
    afterHint: "将按服务器要求等待 {seconds} 秒",
    afterHintUnknown: "将按服务器要求等待",
    refreshAuth: "将刷新凭据",
    never: "不会重新连接",
  },
  gaveUp: {
    "retry-refused": "已放弃：这种关闭不应重试",
    "retries-exhausted": "已放弃：重试次数已用完",
    "credentials-failed": "已放弃：凭据被拒绝",
    "invalid-url": "已放弃：URL 不是 WebSocket 地址",
    other: "已放弃（{reason}）",
  },
};

/** 所有 @lifeline/ui 文案的简体中文版，用于 `<LocaleProvider locale={uiZhCN}>`。 */
export const uiZhCN: UiLocale = { tag: "zh-CN", banner: bannerZhCN, timeline: timelineZhCN };
