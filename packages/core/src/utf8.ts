// Counted by hand rather than with TextEncoder so that core reads no platform global. Iterating by code point makes
// a lone surrogate one "character" of 3 bytes, the U+FFFD that browsers put on the wire for it.
const size = (character: string) => {
  const point = character.codePointAt(0) as number;
  return point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
};

/** The number of bytes `text` takes in UTF-8. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const character of text) bytes += size(character);
  return bytes;
}

/** `text` cut to at most `maxBytes` UTF-8 bytes, never in the middle of a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    bytes += size(character);
    if (bytes > maxBytes) return text.slice(0, end);
    end += character.length;
  }
  return text;
}
