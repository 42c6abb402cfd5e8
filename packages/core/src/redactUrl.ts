// Query parameters and JSON keys that carry credentials. Matched against the name, case-insensitively, anywhere in it,
// so "access_token", "X-Amz-Signature" and "apiKey" are all caught.
const SECRET_NAME = /token|key|auth|pass|pwd|secret|signature|sig$|session|jwt|credential|ticket|code$/i;

// A replacer for a pattern whose first group is kept and whose second group decides: the rest of the match becomes
// "redacted" when that group looks secret.
const redactWhen =
  (isSecret: (value: string) => boolean) =>
  (whole: string, kept: string, value: string): string =>
    isSecret(value) ? `${kept}redacted` : whole;

/**
 * Free text (an error message, a URL, a close reason, a JSON error body) with its credentials replaced by "redacted":
 * secret-looking `name=value` pairs and JSON string fields, any `user:password@` part, `Bearer`/`Basic` credentials,
 * JWTs anywhere, and path segments that look like opaque tokens. Diagnostics events pass through it before anyone
 * sees them.
 */
export function redactText(text: string): string {
  return (
    text
      // The scheme is bounded: unbounded, a long run of letters made this pattern quadratic.
      .replace(/([a-z][a-z0-9+.-]{0,31}:\/\/)[^/@\s]*@/gi, "$1redacted@")
      .replace(
        /((?:[?&;\s]|^)([^=&?#\s"']+)=)[^&#\s"']*/g,
        redactWhen((name) => SECRET_NAME.test(safeDecode(name))),
      )
      // The closing quote is not required: an error message often carries a body cut short.
      // In a JSON body "code" is the error's code ("invalid_token"), the most useful part of it, not an OAuth code.
      .replace(
        /("([^"]+)"\s*:\s*")(?:[^"\\]|\\.)*/g,
        redactWhen((name) => SECRET_NAME.test(name.replace(/code$/i, ""))),
      )
      // "Basic" and "Bearer" are also English words: only a credential-like word after them (a digit or a capital
      // past its first letter) is taken, so "basic auth required" and "Bearer token missing." stay readable.
      .replace(
        /(\b(?:bearer|basic)\s+)([\w.~+/-]+=*)/gi,
        redactWhen((credential) => /.[\dA-Z]/.test(credential)),
      )
      // A JWT's header is base64url JSON, so it starts with `{"` encoded: "eyJ"; its signature may be empty. A whole
      // path segment of 32+ hex digits, or of base64url mixing digits, lower and upper case, is a token (an API key,
      // a session id); words, slugs and dashed UUIDs (ids, not secrets, and never mixed case) fail both tests. The
      // segment must not go on with a dot, or a JWT with a long header would lose only its header.
      .replace(
        /\beyJ[\w-]+\.[\w-]+\.[\w-]*|(\/)(?:[\da-fA-F]{32,}|(?=[\w-]*\d)(?=[\w-]*[a-z])(?=[\w-]*[A-Z])[\w-]{32,})(?![\w.-])/g,
        "$1redacted",
      )
  );
}

/** The URL with its credentials replaced by "redacted", by the same rules as `redactText`. */
export const redactUrl: (url: string) => string = redactText;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
