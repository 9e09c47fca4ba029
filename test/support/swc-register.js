// Lets a child process run the TypeScript sources directly (node -r ./test/support/swc-register.js src/main.ts),
// compiled by the same swc settings jest uses.
const { readFileSync } = require("node:fs");
const path = require("node:path");
const Module = require("node:module");
const { transformSync } = require("@swc/core");

const options = JSON.parse(readFileSync(path.join(__dirname, "..", "..", ".swcrc"), "utf8"));
delete options.$schema;

Module._extensions[".ts"] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, "utf8"), { ...options, filename, swcrc: false });
  module._compile(code, filename);
};
