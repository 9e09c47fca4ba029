import type { SimGuild } from "./guild";
import type { World } from "./world";

export interface PopulationSpec {
  guilds: number;
  /** Members besides the owner and the bot, each a user of their own. */
  membersPerGuild: number;
  /** Text channels in all, #general included. */
  channelsPerGuild: number;
}

/**
 * Many guilds at once, each filled before it joins the world: one GUILD_CREATE per guild to a connected
 * bot (as when it is added) and no GUILD_MEMBER_ADD or CHANNEL_CREATE per member and channel.
 */
export function populate(world: World, spec: PopulationSpec): SimGuild[] {
  const guilds: SimGuild[] = [];
  for (let index = 0; index < spec.guilds; index += 1) {
    const guild = world.createGuild({ name: `Guild ${index + 1}` }, (filling) => {
      for (let channel = 1; channel < spec.channelsPerGuild; channel += 1) {
        filling.createChannel({ name: `channel-${channel}` });
      }
      for (let member = 0; member < spec.membersPerGuild; member += 1) {
        filling.addMember(world.createUser().id);
      }
    });
    guilds.push(guild);
  }
  return guilds;
}
