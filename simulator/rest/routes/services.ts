import type { CommandStore } from "../../commands/command-store";
import type { CallbackHandler } from "../../interactions/callback-handler";
import type { InteractionStore } from "../../interactions/interaction-store";
import type { SimUser } from "../../types";
import type { Moderation } from "../../world/moderation";
import type { World } from "../../world/world";

/** What route handlers work with. */
export interface RouteServices {
  world: World;
  commands: CommandStore;
  interactions: InteractionStore;
  callbacks: CallbackHandler;
  moderation: Moderation;
  applicationOwner: SimUser;
  shardCount: number;
  /** session_start_limit.max_concurrency: shards in different buckets identify without the 5 s wait. */
  maxConcurrency: number;
  gatewayUrl: () => string;
}
