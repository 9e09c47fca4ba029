import type { SimUser } from "../types";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const escape = (text: string): string => text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? "");

export interface ConsentRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  /** Who may sign in: the one `sim_user` asked for, else everyone the simulator knows (bots left out). */
  users: readonly SimUser[];
  appName: string;
}

/** Discord's "An external application wants to access your account" page, with a user picker. */
export function consentPage(request: ConsentRequest): string {
  const hidden = (name: string, value: string) =>
    `<input type="hidden" name="${name}" value="${escape(value)}">`;
  const options = request.users
    .map(
      (user) => `<option value="${escape(user.id)}">${escape(user.username)} (${escape(user.id)})</option>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Discord — Authorize</title></head>
<body><main><h1>${escape(request.appName)} wants to access your account</h1>
<p>Scopes: ${escape(request.scope)}</p>
<form method="post" action="/oauth2/authorize">
${hidden("client_id", request.clientId)}${hidden("redirect_uri", request.redirectUri)}
${hidden("scope", request.scope)}${hidden("state", request.state)}
<label for="user_id">Signed in to Discord as</label>
<select id="user_id" name="user_id">${options}</select>
<button type="submit" name="action" value="authorize">Authorize</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form></main></body></html>`;
}
