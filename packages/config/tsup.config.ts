import { libraryConfig } from "../../tsup.base.js";

export default libraryConfig({
  index: "src/index.ts",
  internal: "src/internal.ts",
  "cloudrun-limits": "src/cloudrun-limits.ts",
});
