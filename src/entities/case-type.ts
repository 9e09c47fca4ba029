export enum CaseType {
  Warn = "warn",
  Note = "note",
  Timeout = "timeout",
  Untimeout = "untimeout",
  Kick = "kick",
  Ban = "ban",
  Unban = "unban",
  Softban = "softban",
  Restrict = "restrict",
  Unrestrict = "unrestrict",
}
