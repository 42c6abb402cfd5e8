// Query parameters that carry credentials. Matched against the parameter name, case-insensitively, anywhere in it,
// so "access_token", "X-Amz-Signature" and "apiKey" are all caught.
const SECRET_NAME = /token|key|auth|pass|pwd|secret|signature|sig$|session|jwt|credential|ticket|code$/i;

/** The URL with credentials replaced by "redacted": secret-looking query values and any user:password part. */
export function redactUrl(url: string): string {
  const [beforeHash = "", hash] = url.split("#", 2);
  const queryAt = beforeHash.indexOf("?");
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? null : beforeHash.slice(queryAt + 1);
  const safeBase = base.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1redacted@");
  const safeQuery =
    query === null
      ? ""
      : `?${query
          .split("&")
          .map((pair) => {
            const equals = pair.indexOf("=");
            const name = equals === -1 ? pair : pair.slice(0, equals);
            return equals !== -1 && SECRET_NAME.test(safeDecode(name)) ? `${name}=redacted` : pair;
          })
          .join("&")}`;
  return `${safeBase}${safeQuery}${hash === undefined ? "" : `#${hash}`}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/**
 * Free text (an error message, say) with the credentials of any URL in it redacted: every `name=value` pair whose
 * name looks secret, and any `user:password@` part. For text whose shape is unknown; `redactUrl` for one URL.
 */
export function redactText(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, "$1redacted@")
    .replace(/([?&;\s]|^)([^=&?#\s"']+)=([^&#\s"']*)/g, (whole, lead: string, name: string) =>
      SECRET_NAME.test(safeDecode(name)) ? `${lead}${name}=redacted` : whole,
    );
}
