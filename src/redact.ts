/** Replaces the password of every `scheme://user:password@` in `text`, so a URL can be printed safely. */
export function redactUrls(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, "$1***@");
}
