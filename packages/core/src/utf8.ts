// Counted by hand rather than with TextEncoder so that core reads no platform global, and so that a lone
// surrogate counts as the 3 bytes of U+FFFD, which is what browsers put on the wire for it.

/** The number of bytes `text` takes in UTF-8. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    bytes += unitBytes(text, index);
    if (isPairAt(text, index)) index++;
  }
  return bytes;
}

/** `text` cut to at most `maxBytes` UTF-8 bytes, never in the middle of a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const size = unitBytes(text, index);
    if (bytes + size > maxBytes) return text.slice(0, index);
    bytes += size;
    if (isPairAt(text, index)) index++;
  }
  return text;
}

function isPairAt(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(index + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}

function unitBytes(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit < 0x80) return 1;
  if (unit < 0x800) return 2;
  if (isPairAt(text, index)) return 4;
  return 3;
}
