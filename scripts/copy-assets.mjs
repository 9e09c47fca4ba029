import { cpSync } from "node:fs";

// The dashboard's templates and stylesheet are read at run time from next to its compiled code.
for (const folder of ["views", "public"]) {
  cpSync(
    new URL(`../src/dashboard/${folder}`, import.meta.url),
    new URL(`../dist/src/dashboard/${folder}`, import.meta.url),
    {
      recursive: true,
    },
  );
}
