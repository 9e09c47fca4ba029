import readline from "node:readline";
import type { SandboxSession } from "./session";

export type LineInput = NodeJS.ReadableStream;

const WORDS = ["click", "select", "submit", "as", "in", "log", "members", "help", "quit"];

/** The prompt: one line at a time, each finished (answer and side effects) before the next is read. */
export async function runInteractive(
  session: SandboxSession,
  input: LineInput,
  output: unknown,
  print: (line: string) => void,
): Promise<number> {
  print(
    'Warden sandbox: guild "Sandbox" with #general and #mod-log; @mod (Moderators), @alice, @bob, @owner.',
  );
  print("Type help for what you can do, quit to leave.");
  const terminal = output === process.stdout && process.stdout.isTTY;
  const lines = readline.createInterface({
    input,
    ...(terminal
      ? { output: process.stdout, terminal: true, completer: completer(session) }
      : { terminal: false }),
  });
  const close = (): void => lines.close();
  lines.on("SIGINT", close);
  process.once("SIGTERM", close);
  try {
    lines.setPrompt(session.prompt);
    lines.prompt();
    for await (const line of lines) {
      if ((await session.run(line)) === "quit") break;
      lines.setPrompt(session.prompt);
      lines.prompt();
    }
  } finally {
    process.removeListener("SIGTERM", close);
    lines.close();
  }
  return 0;
}

/** Completes the word under the cursor: sandbox words, /commands, @members, #channels. */
function completer(session: SandboxSession): (line: string) => [string[], string] {
  return (line) => {
    const word = /\S*$/.exec(line)?.[0] ?? "";
    const candidates = [
      ...WORDS,
      ...session.commandSpecs().map((spec) => `/${spec.name}`),
      ...session.directory.userNames().map((name) => `@${name}`),
      ...session.directory.channelNames().map((name) => `#${name}`),
    ];
    const key = word.includes(":") ? word.slice(word.indexOf(":") + 1) : word;
    const prefix = word.slice(0, word.length - key.length);
    const hits = candidates.filter((candidate) => candidate.startsWith(key)).map((hit) => prefix + hit);
    return [hits, word];
  };
}
