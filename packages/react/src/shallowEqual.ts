/**
 * True for `Object.is`-equal values, and for two objects (or arrays) with the same keys holding `Object.is`-equal
 * values. The default `isEqual` of `useWebSocketSelector` and `useSharedWebSocket`.
 */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || !a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key as keyof T], b[key as keyof T]));
}
