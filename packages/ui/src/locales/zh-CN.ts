import type { BannerLabels } from "../ConnectionBanner/labels.js";
import type { TimelineLabels } from "../ConnectionTimeline/labels.js";
import type { UiLocale } from "../localeContext.js";

// Simplified Chinese, loaded on its own (`@lifeline/ui/locales/zh-CN`) so English-only apps never ship it.

/** 简体中文横幅文案。标题不带句号，正文是完整的句子。 */
export const bannerZhCN: BannerLabels = {
  lang: "zh-CN",
  // “4秒后”，而不是长格式的“4秒钟后”。
  countdownStyle: "short",
  lost: { title: "连接已断开", message: "{when}重试…" },
  reconnecting: { title: "正在重新连接…" },
  unreachable: { title: "无法连接服务器", message: "{when}重试…" },
  restarting: { title: "服务器正在重启", message: "{when}重新连接…" },
  busy: { title: "服务器繁忙", message: "{when}重试…" },
  rateLimited: {
    title: "请求过于频繁",
    message: "{when}重试。",
    stopped: "不会再自动重试。",
  },
  auth: { title: "登录已过期", message: "请重新登录后继续。" },
  forbidden: { title: "没有访问权限", message: "当前账号无权使用此连接。" },
  rejected: { title: "服务器拒绝了连接", message: "不会自动重新连接。" },
  offline: { title: "网络已断开", message: "正在等待网络恢复…" },
  gaveUp: { title: "无法重新连接", message: "请稍后点击“重新连接”重试。" },
  recovered: { title: "连接已恢复" },
  retryingNow: "正在重试…",
  attempt: "第 {attempt} 次尝试",
  actions: { retryNow: "立即重试", reconnect: "重新连接", signIn: "登录" },
  details: { summary: "详情", code: "关闭码", reason: "原因", none: "无" },
};

/** 连接时间线的简体中文文案。 */
export const timelineZhCN: TimelineLabels = {
  lang: "zh-CN",
  list: "连接时间线",
  empty: "暂无记录",
  time: {
    gap: "+{duration}",
    gapBackwards: "−{duration}",
    // “1.2秒”“2分钟5秒”“12秒前”。
    units: "short",
  },
  events: {
    connecting: "正在连接 {url}",
    connectingAttempt: "正在连接 {url}（第 {attempt} 次尝试）",
    opened: "已连接到 {url}",
    closed: "连接已关闭：{code} {name}，{next}",
    closedBeforeOpen: "连接未能建立：{code} {name}，{next}",
    closedByApp: "应用主动关闭了连接：{code} {name}",
    reason: "原因：{reason}",
    retryScheduled: "{duration}后重试",
    connectTimeout: "连接超时：{duration}内未收到服务器响应",
    heartbeatMissed: "心跳超时：{duration}内未收到任何消息",
    offline: "网络已断开",
    online: "网络已恢复",
    queueOverflowOne: "发送队列已满，已丢弃 {count} 条消息",
    queueOverflowOther: "发送队列已满，已丢弃 {count} 条消息",
    queueDiscardedOne: "连接关闭，{count} 条未发送的消息已丢弃",
    queueDiscardedOther: "连接关闭，{count} 条未发送的消息已丢弃",
    messageTooBig: "消息过大：服务器拒收了 {bytes} 字节的消息",
    messageTooBigUnknownSize: "消息过大：服务器拒收了该消息",
    urlFailed: "获取连接地址失败：{error}",
    credentialsRefreshed: "凭据已刷新",
    credentialsFailed: "凭据刷新失败：{error}",
    callbackFailed: "应用的 {callback} 回调出错，已改用默认处理：{error}",
    messageNotJson: "已忽略一条不是 JSON 的消息",
    messageUnknownType: "已忽略一条未定义类型的消息：“{type}”",
    messageInvalid: "已忽略一条无效的“{type}”消息：{error}",
    probed: "握手失败原因已查明：HTTP {status}",
    probedNothing: "握手失败原因未能查明：探测没有得到响应",
    unknown: "未知事件：{type}",
  },
  next: {
    backoff: "将逐步延长间隔重试",
    soon: "即将重新连接",
    slow: "将放慢重试节奏",
    afterHint: "将按服务器要求等待{duration}",
    afterHintUnknown: "将按服务器要求等待",
    refreshAuth: "将刷新凭据",
    never: "不再重新连接",
  },
  gaveUp: {
    "retry-refused": "已停止重连：该关闭码表明不应重试",
    "retries-exhausted": "已停止重连：重试次数已用完",
    "credentials-failed": "已停止重连：凭据被拒绝",
    "invalid-url": "已停止重连：该地址不是 WebSocket 地址",
    other: "已停止重连（{reason}）",
  },
};

/** 所有 @lifeline/ui 文案的简体中文版，用于 `<LocaleProvider locale={uiZhCN}>`。 */
export const uiZhCN: UiLocale = { tag: "zh-CN", banner: bannerZhCN, timeline: timelineZhCN };
