import type { BannerLabels } from "../ConnectionBanner/labels.js";
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

/** 所有 @lifeline/ui 文案的简体中文版，用于 `<LocaleProvider locale={uiZhCN}>`。 */
export const uiZhCN: UiLocale = { tag: "zh-CN", banner: bannerZhCN };
