const base = require("./jest.config");

/** `npm run test:image`: the Docker image smoke test alone (WARDEN_IMAGE names the image to start). */
/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ["<rootDir>/test/image"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 120000,
  maxWorkers: 1, // each file starts containers: on vfs every one copies its image
};
