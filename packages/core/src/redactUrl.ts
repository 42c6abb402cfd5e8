// Query parameters that carry credentials. Matched against the parameter name, case-insensitively, anywhere in it,
// so "access_token", "X-Amz-Signature" and "apiKey" are all caught.
const SECRET_NAME = /token|key|auth|pass|pwd|secret|signature|sig$|session|jwt|credential|ticket|code$/i;

/**
 * Free text (an error message, a URL) with the credentials of any URL in it redacted: every `name=value` pair whose
 * name looks secret, and any `user:password@` part. Diagnostics events pass through it before anyone sees them.
 */
export function redactText(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, "$1redacted@")
    .replace(/([?&;\s]|^)([^=&?#\s"']+)=([^&#\s"']*)/g, (whole, lead: string, name: string) =>
      SECRET_NAME.test(safeDecode(name)) ? `${lead}${name}=redacted` : whole,
    );
}

/** The URL with credentials replaced by "redacted": secret-looking query values and any user:password part. */
export const redactUrl: (url: string) => string = redactText;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
