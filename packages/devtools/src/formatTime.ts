const two = (value: number) => String(value).padStart(2, "0");

/** `HH:MM:SS.mmm` in local time: the precision a reconnect schedule needs, the same in every language. */
export function formatTime(at: number): string {
  const date = new Date(at);
  const ms = String(date.getMilliseconds()).padStart(3, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${ms}`;
}
