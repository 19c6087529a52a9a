// Refuses an unsupported Node.js before any dependency loads (imported first by main.ts).
import { unsupportedNodeMessage } from "./node-support.js";

// Imported first by main.ts, so that it runs before any dependency is evaluated: an older Node
// stops here with one clear line instead of failing somewhere inside a library.
const problem = unsupportedNodeMessage(process.versions.node, process.execPath);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
