import { GroupsCog } from "../../src/cogs/groups/groups-cog";
import { GroupController } from "../../src/controllers/group-controller";
import { useAdminGuild } from "../support/admin-guild";

describe("/group", () => {
  const world = useAdminGuild("groups", [GroupsCog]);

  const run = (subcommand: string, options: Record<string, string> = {}, userId = world.admin.id) =>
    world.sim.command({ guildId: world.guild.id, userId, name: "group", subcommand, options }).answer();

  it("creates, fills, lists, empties and deletes a group", async () => {
    expect((await run("create", { name: "Helpers" })).content).toBe("Created the group `Helpers`.");
    expect((await run("add", { name: "helpers", user: world.alice.id })).content).toBe(
      `Added <@${world.alice.id}> to \`Helpers\`.`,
    );
    expect((await run("add", { name: "HELPERS", user: world.alice.id })).content).toBe(
      `<@${world.alice.id}> is already in \`Helpers\`.`,
    );
    const groups = world.app.container.resolve(GroupController);
    const group = await groups.getByNameOrFail(world.guild.id, "helpers");
    expect(await groups.isMember(group.id, world.alice.id)).toBe(true);
    expect((await run("list")).content).toBe("`Helpers` · 1 member");
    expect((await run("list", { name: "helpers" })).content).toBe(`\`Helpers\`: <@${world.alice.id}>`);
    expect((await run("remove", { name: "helpers", user: world.alice.id })).content).toBe(
      `Removed <@${world.alice.id}> from \`Helpers\`.`,
    );
    expect((await run("remove", { name: "helpers", user: world.alice.id })).content).toBe(
      `<@${world.alice.id}> isn't in \`Helpers\`.`,
    );
    expect((await run("delete", { name: "helpers" })).content).toBe("Deleted the group `Helpers`.");
    expect((await run("list")).content).toBe("No groups yet.");
  });

  it("refuses a name taken in different case, and unknown groups", async () => {
    await run("create", { name: "Artists" });
    const reply = await run("create", { name: "ARTISTS" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe("A group named `ARTISTS` already exists.");
    expect((await run("add", { name: "nobody", user: world.alice.id })).content).toBe(
      "There is no group named `nobody`.",
    );
    expect((await run("delete", { name: "nobody" })).content).toBe("There is no group named `nobody`.");
    expect((await run("create", { name: "two words" })).content).toContain("`name`");
  });

  it("answers in Spanish to a member whose Discord is in Spanish", async () => {
    const enEspañol = (subcommand: string, options: Record<string, string> = {}) =>
      world.sim
        .command({
          guildId: world.guild.id,
          userId: world.admin.id,
          name: "group",
          subcommand,
          options,
          locale: "es-ES",
        })
        .answer();
    expect((await enEspañol("create", { name: "Equipo" })).content).toBe("Grupo `Equipo` creado.");
    expect((await enEspañol("list", { name: "equipo" })).content).toBe("`Equipo`: sin miembros");
    expect((await enEspañol("add", { name: "equipo", user: world.alice.id })).content).toBe(
      `<@${world.alice.id}> añadido a \`Equipo\`.`,
    );
    expect((await enEspañol("list")).content).toContain("`Equipo` · 1 miembro");
    const unknown = await enEspañol("remove", { name: "nadie", user: world.alice.id });
    expect(unknown).toMatchObject({ ephemeral: true, content: "No hay ningún grupo llamado `nadie`." });
    expect((await enEspañol("create", { name: "EQUIPO" })).content).toBe(
      "Ya existe un grupo llamado `EQUIPO`.",
    );
    expect((await enEspañol("delete", { name: "equipo" })).content).toBe("Grupo `Equipo` eliminado.");
  });

  it("refuses members without Manage Server or a moderator role", async () => {
    const reply = await run("create", { name: "Mine" }, world.alice.id);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("You need the Manage Server permission or a moderator role");
    expect((await run("list", {}, world.alice.id)).content).toContain(
      "You need the Manage Server permission",
    );
  });
});
