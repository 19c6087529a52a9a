// Must stay the first import: it refuses an unsupported Node before anything else loads.
import "./require-supported-node.js";
import { runPluginCli } from "@cr/sdk-host";
import { cloudRunPlugin } from "./definition.js";

void runPluginCli(cloudRunPlugin());
