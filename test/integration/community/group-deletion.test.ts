import { Client } from "pg";
import { GroupController } from "../../../src/controllers/group-controller";
import { TagController } from "../../../src/controllers/tag-controller";
import { ForeignKeyViolationError } from "../../../src/errors/database-errors";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();
const groups = (): GroupController => t.get(GroupController);
const tags = (): TagController => t.get(TagController);

async function groupTag(guildId: string, name: string, groupId: number) {
  return tags().createTag({ guildId, name, response: `${name} secret`, createdBy: snowflake(), groupId });
}

/** Waits until another backend waits on a lock (the deletion behind the tag edit's key-share lock). */
async function waitForLockWait(client: Client): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const waiting = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (waiting.rows[0]?.count === "1") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the deletion never waited on the lock");
}

describe("deleting a group never makes its tags public", () => {
  it("makes the group's tags moderator-only in the same transaction, and says how many", async () => {
    const guildId = snowflake();
    const artists = await groups().createGroup(guildId, "Artists");
    const other = await groups().createGroup(guildId, "Others");
    await groupTag(guildId, "Palette", artists.id);
    await groupTag(guildId, "Brushes", artists.id);
    await groupTag(guildId, "Kept", other.id);
    const deleted = await groups().deleteGroup(guildId, "artists");
    expect(deleted).toMatchObject({ name: "Artists", tagsMadeModOnly: 2 });
    for (const name of ["palette", "brushes"]) {
      expect(await tags().getByNameOrFail(guildId, name)).toMatchObject({ modOnly: true, groupId: null });
    }
    expect(await tags().getByNameOrFail(guildId, "kept")).toMatchObject({
      modOnly: false,
      groupId: other.id,
    });
  });

  it("refuses any other deletion of a group that tags still name (no ON DELETE SET NULL)", async () => {
    const guildId = snowflake();
    const group = await groups().createGroup(guildId, "Direct");
    await groupTag(guildId, "Hidden", group.id);
    const error = await t.db
      .sql(`DELETE FROM member_groups WHERE id = $1`, [group.id])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ForeignKeyViolationError);
    expect(await tags().getByNameOrFail(guildId, "hidden")).toMatchObject({
      modOnly: false,
      groupId: group.id,
    });
  });

  it("also covers a tag pointed at the group while the deletion waits for it", async () => {
    const guildId = snowflake();
    const group = await groups().createGroup(guildId, "Racing");
    const tag = await tags().createTag({
      guildId,
      name: "Late",
      response: "late secret",
      createdBy: snowflake(),
    });
    const editor = new Client({ connectionString: t.url });
    const watcher = new Client({ connectionString: t.url });
    await editor.connect();
    await watcher.connect();
    try {
      await editor.query("BEGIN");
      await editor.query("UPDATE tags SET group_id = $1 WHERE id = $2", [group.id, tag.id]);
      const deletion = groups().deleteGroup(guildId, "racing");
      await waitForLockWait(watcher);
      await editor.query("COMMIT");
      expect(await deletion).toMatchObject({ tagsMadeModOnly: 1 });
    } finally {
      await editor.end();
      await watcher.end();
    }
    expect(await tags().getByNameOrFail(guildId, "late")).toMatchObject({ modOnly: true, groupId: null });
  });
});
