import { libraryConfig } from "../../tsup.base.js";

export default libraryConfig({
  index: "src/index.ts",
  pure: "src/pure.ts",
  internal: "src/internal.ts",
  testing: "testing/index.ts",
});
