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
 * what `redactUrl` takes out of every URL and JSON body in it, then `Bearer`/`Basic` credentials, and the same again
 * in any parameter's decoded value. Diagnostics events pass through it before anyone sees them.
 */
export function redactText(text: string): string {
  return (
    urlParts(text, redactText)
      // "Basic" and "Bearer" are also English words: only a credential-like word after them (a digit or a capital
      // past its first letter) is taken, so "basic auth required" and "Bearer token missing." stay readable.
      .replace(
        /(\b(?:bearer|basic)\s+)([\w.~+/-]+=*)/gi,
        redactWhen((credential) => /.[\dA-Z]/.test(credential)),
      )
  );
}

/**
 * A URL (or text made of URLs) with its credentials replaced by "redacted": its userinfo, its secret-looking or
 * secret-holding query and fragment parameters (JSON in them too), and path segments or JWTs that look like tokens.
 * createSocket's error for a bad URL shows it so; free text that may hold `Bearer` credentials needs `redactText`.
 */
export function redactUrl(url: string): string {
  return urlParts(url, redactUrl);
}

/** The rules for URLs; `inner` redacts a parameter's decoded value, which may be text or a URL of its own. */
function urlParts(text: string, inner: (value: string) => string): string {
  return (
    text
      // A URL runs to a space or a quote. The scheme is bounded: unbounded, a long run of letters made this pattern
      // quadratic.
      .replace(/\b[a-z][\w+.-]{0,31}:[/\\]*([^\s"'<>/?#]*@)?[^\s"'<>]*/gi, redactUserinfo)
      // Query and fragment parameters (the OAuth implicit flow puts its token in the fragment), and `name=value` in
      // free text. A "?" ends a value too, so the query of a URL in a parameter is read as parameters of its own.
      // An "=" ends it as well: a value then holds no pair of its own to read again, unless decoding made one.
      .replace(/(?:[?&;#\s]|^)[^=?&;#\s"']+=[^=?&#\s"']*/g, (pair) => redactParameter(pair, inner))
      // JSON string fields, in a body or in a parameter's value (an OAuth state). The closing quote is not required:
      // an error message often carries a body cut short. In a JSON body "code" is the error's code ("invalid_token"),
      // the most useful part of it, not an OAuth code.
      .replace(
        /("([^"]+)"\s*:\s*")(?:[^"\\]|\\.)*/g,
        redactWhen((name) => SECRET_NAME.test(name.replace(/code$/i, ""))),
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

// Patterns alone misread a userinfo (issue 20): a special scheme needs no "//" ("wss:alice:secret@host"), a password
// may hold an "@", and "mailto:a@b.io" has none. So the WHATWG parser, as the browser's, says whether there is one; the
// text keeps its spelling. A URL that does not parse (a bad port) is what createSocket's error shows: its userinfo goes.
function redactUserinfo(url: string, userinfo?: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
  } catch {}
  return userinfo ? url.replace(userinfo, "redacted@") : url;
}

// Read decoded: "%74oken" is a token, and "?next=%2Fapp%3Ftoken%3D…" hides a query in its value, which is redacted as
// text of its own and encoded again. Each level of nesting needs a level of encoding, so long text stays linear.
function redactParameter(pair: string, redact: (value: string) => string): string {
  for (const [name, value] of new URLSearchParams(pair)) {
    const inner = SECRET_NAME.test(name) ? "redacted" : redact(value);
    if (inner !== value) return pair.replace(/=.*/, `=${encodeURIComponent(inner)}`);
  }
  return pair;
}
