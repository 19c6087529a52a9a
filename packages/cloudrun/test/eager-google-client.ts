// A deliberately eager entry for the lazy-load test: it loads @google-cloud/run at import time.
import { v2 } from "@google-cloud/run";

export { createCloudRunClient } from "../src/client.js";
export const eagerServicesClient = v2.ServicesClient;
