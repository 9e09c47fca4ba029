import http from "node:http";
import type { AddressInfo } from "node:net";
import { DiscordCdn, NotDiscordFileError } from "../../../src/bot/discord-cdn";
import { loadConfig } from "../../../src/config";

/** A local HTTP server answering each path with `answer`, counting what it was asked. */
async function server(
  answer: (path: string, response: http.ServerResponse) => void,
): Promise<{ origin: string; asked: string[]; close: () => Promise<void> }> {
  const asked: string[] = [];
  const listening = http.createServer((request, response) => {
    asked.push(request.url ?? "");
    answer(request.url ?? "", response);
  });
  await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
  const { port } = listening.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => listening.close(() => resolve()));
  return { origin: `http://127.0.0.1:${port}`, asked, close };
}

const redirect = (response: http.ServerResponse, to: string) => {
  response.writeHead(302, { location: to });
  response.end();
};

describe("DiscordCdn: attachments come from Discord's CDN (and DISCORD_CDN_URL) alone", () => {
  it("serves Discord's two CDN hosts over https and the configured origin, nothing else", () => {
    const cdn = new DiscordCdn(loadConfig({ DISCORD_CDN_URL: "http://127.0.0.1:4000/some/path" }));
    const file = "/attachments/1/2/proof.png";
    for (const url of [
      `https://cdn.discordapp.com${file}`,
      `https://media.discordapp.net${file}`,
      `https://cdn.discordapp.com:443${file}`,
      `http://127.0.0.1:4000${file}`,
    ])
      expect([url, cdn.serves(url)]).toEqual([url, true]);
    for (const url of [
      `http://cdn.discordapp.com${file}`,
      `https://cdn.discordapp.com.example.com${file}`,
      `https://example.com/cdn.discordapp.com${file}`,
      `https://user:secret@cdn.discordapp.com${file}`,
      `https://cdn.discordapp.com@evil.example${file}`,
      `https://evil.example\\@cdn.discordapp.com${file}`,
      `https://cdn.discordapp.com:8443${file}`,
      `https://cdn.discordapp.com.${file}`,
      `https://162.159.129.233${file}`,
      `https://[::1]${file}`,
      `https://discord.com${file}`,
      `http://127.0.0.1:4001${file}`,
      `http://localhost:4000${file}`,
      "file:///etc/passwd",
      "not a url",
    ])
      expect([url, cdn.serves(url)]).toEqual([url, false]);
    expect(new DiscordCdn(loadConfig({})).serves(`http://127.0.0.1:4000${file}`)).toBe(false);
  });

  it("refuses DISCORD_CDN_URL unless it is an http(s) URL", () => {
    expect(() => loadConfig({ DISCORD_CDN_URL: "ftp://127.0.0.1" })).toThrow(
      /DISCORD_CDN_URL must be an http\(s\) URL/,
    );
  });

  it("follows a redirect within the CDN, refuses one off it without asking there, and at most 3", async () => {
    const elsewhere = await server((_, response) => response.end("secret"));
    const cdn = await server((path, response) => {
      if (path === "/file") response.end("bytes");
      else if (path === "/moved") redirect(response, "/file");
      else if (path === "/away") redirect(response, `${elsewhere.origin}/file`);
      else redirect(response, "/loop");
    });
    try {
      const downloads = new DiscordCdn(loadConfig({ DISCORD_CDN_URL: cdn.origin }));
      const signal = AbortSignal.timeout(5000);
      expect(await (await downloads.get(`${cdn.origin}/moved`, signal)).text()).toBe("bytes");
      await expect(downloads.get(`${cdn.origin}/away`, signal)).rejects.toBeInstanceOf(NotDiscordFileError);
      await expect(downloads.get(`${elsewhere.origin}/file`, signal)).rejects.toBeInstanceOf(
        NotDiscordFileError,
      );
      expect(elsewhere.asked).toEqual([]);
      await expect(downloads.get(`${cdn.origin}/loop`, signal)).rejects.toThrow(/more than 3 redirects/);
      expect(cdn.asked.filter((path) => path === "/loop")).toHaveLength(4);
    } finally {
      await Promise.all([elsewhere.close(), cdn.close()]);
    }
  });
});
