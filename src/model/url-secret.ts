/**
 * URLs a message may quote without their secrets: `https://user:password@host` carries a credential in
 * its user info, and an endpoint URL is echoed when it is refused (`--endpoint-url`,
 * `AWS_ENDPOINT_URL_<SERVICE>`).
 */

/**
 * A scheme (`ftp:`, `http:`; slashes optional, as URL parsers accept them), then the user info: the
 * authority up to its last `@` before the path, query or fragment (a password may hold `@` itself).
 */
const USER_INFO = /^([A-Za-z][A-Za-z0-9+.-]*:[/\\]*)[^/\\?#]*@/;

/**
 * `text` with the user info of a URL it starts with (`user:password@`) replaced by `***@`:
 * `ftp://u:s3cret@x` → `ftp://***@x`. Anything else is left as written, also a value that is no valid
 * URL (it is quoted because it is wrong, and may still hold a password).
 */
export function redactUrlUserInfo(text: string): string {
  return text.replace(USER_INFO, "$1***@");
}
