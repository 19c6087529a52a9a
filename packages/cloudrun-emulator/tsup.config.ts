import { libraryConfig } from "../../tsup.base.js";

// src/cli.ts starts with a `#!/usr/bin/env node` line: esbuild keeps it and tsup marks dist/cli.js executable.
export default libraryConfig(["src/index.ts", "src/cli.ts"]);
