import { MEMBER_KINDS, type MemberKind } from "../support/permission-matrix/member-kinds";

/**
 * Who may use what: for every command, subcommand, autocompleted option and component the cogs
 * register, the member kinds it serves; every other kind is refused (autocomplete: no suggestions).
 * A demoted moderator is refused wherever only the moderator role let them in. Keys are entry point ids:
 * `/command sub`, `autocomplete /command sub option`, `menu "Name"`, `component:<prefix>`, `modal:<prefix>`.
 */
const EVERYONE: readonly MemberKind[] = MEMBER_KINDS;
const TIMEOUT_MODERATORS = ["Timeout Members", "moderator role", "Administrator", "server owner"] as const;
const KICK_MODERATORS = ["Kick Members", "moderator role", "Administrator", "server owner"] as const;
const BAN_MODERATORS = ["Ban Members", "moderator role", "Administrator", "server owner"] as const;
/** Manage Messages or Manage Channels: no member kind holds those alone. */
const CHANNEL_MODERATORS = ["moderator role", "Administrator", "server owner"] as const;
const MANAGERS = ["Manage Server", "Administrator", "server owner"] as const;
const MANAGERS_AND_MODERATORS = ["Manage Server", "moderator role", "Administrator", "server owner"] as const;
const ADMINISTRATORS = ["Administrator", "server owner"] as const;
const BOT_OWNERS = ["bot owner"] as const;

export const EXPECTED: Readonly<Record<string, readonly MemberKind[]>> = {
  "/ping": EVERYONE,
  "/about": EVERYONE,

  "/warn": TIMEOUT_MODERATORS,
  "/note": TIMEOUT_MODERATORS,
  "/timeout": TIMEOUT_MODERATORS,
  "/untimeout": TIMEOUT_MODERATORS,
  "/kick": KICK_MODERATORS,
  "/ban": BAN_MODERATORS,
  "/unban": BAN_MODERATORS,
  "/softban": BAN_MODERATORS,
  "/restrict": TIMEOUT_MODERATORS,
  "/unrestrict": TIMEOUT_MODERATORS,
  "/purge": CHANNEL_MODERATORS,
  "/slowmode": CHANNEL_MODERATORS,
  "/lock": CHANNEL_MODERATORS,
  "/unlock": CHANNEL_MODERATORS,
  "/lockdown start": CHANNEL_MODERATORS,
  "/lockdown end": CHANNEL_MODERATORS,
  'menu "Purge after this"': CHANNEL_MODERATORS,
  "modal:menu-purge": CHANNEL_MODERATORS,

  "/config show": MANAGERS,
  "/config modlog": MANAGERS,
  "/config modrole add": ADMINISTRATORS,
  "/config modrole remove": ADMINISTRATORS,
  "/config restricted-role set": MANAGERS,
  "/config restricted-role clear": MANAGERS,
  "/config persistent-roles add": MANAGERS,
  "/config persistent-roles remove": MANAGERS,
  "/config persistent-roles list": MANAGERS,
  "/config dm-on-action": MANAGERS,
  "/config lockdown-channels add": MANAGERS,
  "/config lockdown-channels remove": MANAGERS,
  "/config lockdown-channels list": MANAGERS,

  "/automod show": MANAGERS,
  "/automod rule": MANAGERS,
  "/automod block": MANAGERS,
  "/automod unblock": MANAGERS,
  "/automod allow-host": MANAGERS,
  "/automod disallow-host": MANAGERS,
  "/automod exempt": MANAGERS,
  "/automod ladder": MANAGERS,

  "/case show": TIMEOUT_MODERATORS,
  "autocomplete /case show number": TIMEOUT_MODERATORS,
  "/case reason": TIMEOUT_MODERATORS,
  "autocomplete /case reason number": TIMEOUT_MODERATORS,
  "/case delete": TIMEOUT_MODERATORS,
  "autocomplete /case delete number": TIMEOUT_MODERATORS,
  "/case duration": TIMEOUT_MODERATORS,
  "autocomplete /case duration number": TIMEOUT_MODERATORS,
  "/case note": TIMEOUT_MODERATORS,
  "autocomplete /case note number": TIMEOUT_MODERATORS,
  "/case evidence": TIMEOUT_MODERATORS,
  "autocomplete /case evidence number": TIMEOUT_MODERATORS,
  "/case link": TIMEOUT_MODERATORS,
  "autocomplete /case link number": TIMEOUT_MODERATORS,
  "autocomplete /case link refers_to": TIMEOUT_MODERATORS,
  "/cases list": TIMEOUT_MODERATORS,
  "/cases export": TIMEOUT_MODERATORS,
  "/cases import": ADMINISTRATORS,
  "/history": TIMEOUT_MODERATORS,
  "component:cases": TIMEOUT_MODERATORS,
  'menu "Add as evidence to a case"': TIMEOUT_MODERATORS,
  "modal:menu-evidence": TIMEOUT_MODERATORS,

  'menu "Warn"': TIMEOUT_MODERATORS,
  'menu "Note"': TIMEOUT_MODERATORS,
  'menu "Timeout"': TIMEOUT_MODERATORS,
  'menu "History"': TIMEOUT_MODERATORS,
  "modal:menu-warn": TIMEOUT_MODERATORS,
  "modal:menu-note": TIMEOUT_MODERATORS,
  "modal:menu-timeout": TIMEOUT_MODERATORS,

  "/activity show": TIMEOUT_MODERATORS,
  "/activity top": TIMEOUT_MODERATORS,
  "/activity events": TIMEOUT_MODERATORS,
  "/logging messages": MANAGERS,
  "/logging retention": MANAGERS,

  "/link": EVERYONE,
  "/unlink": EVERYONE,
  "/profile": EVERYONE,
  "/preferences": EVERYONE,

  "/balance": EVERYONE,
  "/give": EVERYONE,
  "/leaderboard": EVERYONE,
  "/daily": EVERYONE,
  "/economy add": MANAGERS_AND_MODERATORS,
  "/economy remove": MANAGERS_AND_MODERATORS,
  "/economy set": MANAGERS_AND_MODERATORS,
  "/economy stats": MANAGERS_AND_MODERATORS,
  "component:leaderboard": EVERYONE,

  "/var set": MANAGERS_AND_MODERATORS,
  "/var get": MANAGERS_AND_MODERATORS,
  "/var incr": MANAGERS_AND_MODERATORS,
  "/var list": MANAGERS_AND_MODERATORS,
  "/var delete": MANAGERS_AND_MODERATORS,

  "/group create": MANAGERS_AND_MODERATORS,
  "/group delete": MANAGERS_AND_MODERATORS,
  "/group add": MANAGERS_AND_MODERATORS,
  "/group remove": MANAGERS_AND_MODERATORS,
  "/group list": MANAGERS_AND_MODERATORS,

  "/quote add": MANAGERS_AND_MODERATORS,
  "/quote random": EVERYONE,

  "/tag create": MANAGERS_AND_MODERATORS,
  "/tag edit": MANAGERS_AND_MODERATORS,
  "autocomplete /tag edit name": MANAGERS_AND_MODERATORS,
  "/tag delete": MANAGERS_AND_MODERATORS,
  "autocomplete /tag delete name": MANAGERS_AND_MODERATORS,
  "/tag info": EVERYONE,
  "autocomplete /tag info name": EVERYONE,
  "/tag list": EVERYONE,
  "/tag use": EVERYONE,
  "autocomplete /tag use name": EVERYONE,

  "/stats": MANAGERS,
  "/invites top": MANAGERS,
  "/logs set": MANAGERS,
  "/logs unset": MANAGERS,
  "/logs show": MANAGERS,

  "/report": EVERYONE,
  'menu "Report"': EVERYONE,
  "modal:rpt-menu": EVERYONE,
  "/reports channel": MANAGERS,
  "/reports list": TIMEOUT_MODERATORS,
  "/reports block": TIMEOUT_MODERATORS,
  "/reports unblock": TIMEOUT_MODERATORS,
  "component:rpt-list": TIMEOUT_MODERATORS,
  "component:rpt-ack": TIMEOUT_MODERATORS,
  "component:rpt-dismiss": TIMEOUT_MODERATORS,
  "modal:rpt-dismiss-m": TIMEOUT_MODERATORS,
  "component:rpt-warn": TIMEOUT_MODERATORS,
  "modal:rpt-warn-m": TIMEOUT_MODERATORS,
  "component:rpt-timeout": TIMEOUT_MODERATORS,
  "modal:rpt-timeout-m": TIMEOUT_MODERATORS,
  "component:rpt-ban": BAN_MODERATORS,
  "modal:rpt-ban-m": BAN_MODERATORS,

  "/db stats": BOT_OWNERS,
  "/db backup": BOT_OWNERS,
  "/db vacuum": BOT_OWNERS,
  "/db cleanup": BOT_OWNERS,
  "/db integrity": BOT_OWNERS,

  "/raid config": MANAGERS,
  "/raid start": TIMEOUT_MODERATORS,
  "/raid end": TIMEOUT_MODERATORS,
  "/raid status": TIMEOUT_MODERATORS,
  "/appeals channel": MANAGERS,
  "/appeals delay": MANAGERS,
  // Anyone may press the Appeal button and send its form: only the ban's target gets past the handler.
  "/appeal": EVERYONE,
  "component:appeal": EVERYONE,
  "modal:appeal-form": EVERYONE,
  "component:appeal-accept": BAN_MODERATORS,
  "component:appeal-reject": BAN_MODERATORS,
  "modal:appeal-reject-form": BAN_MODERATORS,
};
