import { libraryConfig } from "../../tsup.base.js";

// The test doubles of the `testing` subpath live beside src, in testing/.
export default libraryConfig({ index: "src/index.ts", testing: "testing/index.ts" });
