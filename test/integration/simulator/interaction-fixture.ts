import { Events, type Client, type Interaction } from "discord.js";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../../simulator";
import { Clients } from "./helpers";

/**
 * A simulator with a hand-driven clock, a guild with two members (alice; bob, nicknamed Bobby) and a
 * logged-in client. Call `setUp` in beforeEach and `tearDown` in afterEach.
 */
export class InteractionFixture {
  sim!: DiscordSimulator;
  client!: Client<true>;
  guild!: SimGuild;
  alice!: SimUser;
  bob!: SimUser;
  /** What the simulator's clock reads; tests move it forward instead of sleeping. */
  now = 0;
  private readonly clients = new Clients();

  async setUp(): Promise<void> {
    this.now = Date.now();
    this.sim = await DiscordSimulator.start({ clock: () => this.now });
    this.guild = this.sim.createGuild({ name: "Interactions" });
    this.alice = this.sim.createUser({ username: "alice" });
    this.bob = this.sim.createUser({ username: "bob" });
    this.guild.addMember(this.alice.id);
    this.guild.addMember(this.bob.id, { nick: "Bobby" });
    this.client = await this.clients.ready(this.sim);
  }

  async tearDown(): Promise<void> {
    await this.clients.destroyAll();
    await this.sim.close();
  }

  /** Runs `handler` for the next interaction; the promise settles when it has, failing with it. */
  onNextInteraction(handler: (interaction: Interaction) => Promise<unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.once(Events.InteractionCreate, (interaction) => {
        handler(interaction).then(() => resolve(), reject);
      });
    });
  }
}
