/**
 * The one form of a username that the lookup, the unique index and the login throttle compare. Usernames are ASCII
 * (app_user_username_chk), so only A–Z fold; anything else is kept as typed and can match no account (a JavaScript
 * `toLowerCase` and PostgreSQL's `lower` disagree on letters such as "İ", which once let a variant escape a lock).
 */
export function normaliseUsername(username: string): string {
  return username.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
