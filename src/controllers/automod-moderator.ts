/**
 * The moderator id of cases Warden's own automod made (`/automod`), shown as "Warden automod"; Discord's
 * AutoMod has its own ("0", see moderator-name.ts).
 */
export const WARDEN_AUTOMOD_MODERATOR_ID = "1";
