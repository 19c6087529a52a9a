/**
 * Which Node.js releases the plugin runs on: 22 and 24 (the active LTS lines), and 20 from 20.19 for
 * as long as the build toolchain is on 20. Kept in step with `engines` of every package.json.
 */
export const MIN_NODE_VERSION = "20.19.0";

/** One line explaining why this Node cannot run the plugin, or undefined when it can. */
export function unsupportedNodeMessage(nodeVersion: string, execPath: string): string | undefined {
  const [major = Number.NaN, minor = Number.NaN] = nodeVersion.replace(/^v/, "").split(".").map(Number);
  const [minMajor, minMinor] = MIN_NODE_VERSION.split(".").map(Number) as [number, number];
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return undefined;
  const shown = nodeVersion.slice(0, 32);
  return (
    `cloudrun-plugin needs Node.js >= ${MIN_NODE_VERSION} (22 or 24 recommended), but runs on Node.js ${shown} ` +
    `(${execPath.slice(0, 200)}): install a supported Node.js, or use the standalone cloudrun-plugin-linux-x64`
  );
}
