import { runPluginCli } from "@cr/sdk-host";
import { cloudRunPlugin } from "./definition.js";

void runPluginCli(cloudRunPlugin());
