/**
 * Keeping credentials out of messages and logs. URL-valued settings can carry a password
 * (`postgres://user:password@host/db`, or `?password=`), and the bot token is a secret outright: every line
 * Warden prints or logs passes through `redactSecrets`.
 */
const MASK = "***";

/** Exact values to hide wherever they appear (the token, a URL's password), registered by loadConfig. */
const known = new Set<string>();

/** A URL's userinfo password: `scheme://user:` then anything up to the last `@` before the host. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"'`]*:)[^\s/?#"'`]*@/gi;
const QUERY_PASSWORD = /([?&]password=)[^&\s"'`#]*/gi;
/** Discord bot tokens: base64 user id, timestamp and HMAC, dot-separated. */
const DISCORD_TOKEN = /\b[A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6,7}\.[A-Za-z\d_-]{27,40}\b/g;
/** Known secrets shorter than this are not searched for: too likely to match ordinary text. */
const MIN_KNOWN_LENGTH = 6;

export function rememberSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_KNOWN_LENGTH) return;
  known.add(value);
  const escaped = JSON.stringify(value).slice(1, -1); // as it appears inside a JSON log line
  if (escaped !== value) known.add(escaped);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) known.add(encoded);
}

/** Remembers the password a URL carries, percent-decoded or not; ignores values that are not URLs. */
export function rememberUrlPassword(url: string | undefined): void {
  if (url === undefined) return;
  try {
    const parsed = new URL(url);
    const passwords = [parsed.password, parsed.searchParams.get("password") ?? ""];
    for (const password of passwords.filter((value) => value !== "")) {
      rememberSecret(password);
      rememberSecret(safeDecode(password));
    }
  } catch {
    // not a URL: the patterns below still apply
  }
}

/** `text` with URL passwords, Discord tokens and every remembered secret replaced by `***`. */
export function redactSecrets(text: string): string {
  let redacted = text
    .replace(URL_PASSWORD, `$1${MASK}@`)
    .replace(QUERY_PASSWORD, `$1${MASK}`)
    .replace(DISCORD_TOKEN, MASK);
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    redacted = redacted.split(secret).join(MASK);
  }
  return redacted;
}

/**
 * A URL-valued setting as it may be shown: its password hidden even when the value is not a well-formed URL
 * (`postgresql:user:password@host`), since a malformed value is exactly the one an error message quotes.
 */
export function redactUrl(value: string): string {
  const schemeEnd = value.indexOf(":");
  const at = value.lastIndexOf("@");
  if (schemeEnd < 0 || at < schemeEnd) return redactSecrets(value);
  const userinfo = value.slice(schemeEnd + 1, at);
  const colon = userinfo.indexOf(":", userinfo.startsWith("//") ? 2 : 0);
  if (colon < 0) return redactSecrets(value);
  return redactSecrets(
    `${value.slice(0, schemeEnd + 1)}${userinfo.slice(0, colon + 1)}${MASK}${value.slice(at)}`,
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
