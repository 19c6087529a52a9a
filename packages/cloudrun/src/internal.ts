/**
 * `@cr/cloudrun/internal`: for other @cr/* packages, no stability promise. Plumbing the plugin
 * shares with this package; pure like `@cr/cloudrun/pure`.
 */

export { BoundedCache } from "./bounded-cache.js";
