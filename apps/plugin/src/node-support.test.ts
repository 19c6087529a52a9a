// Which Node.js versions start the plugin, and the one line an older one gets.
import { describe, expect, it } from "vitest";
import { unsupportedNodeMessage } from "./node-support.js";

describe("unsupportedNodeMessage", () => {
  it.each(["20.19.0", "20.20.2", "21.7.3", "22.0.0", "22.23.5", "24.22.3", "v26.1.0"])("accepts Node %s", (v) => {
    expect(unsupportedNodeMessage(v, "/usr/bin/node")).toBeUndefined();
  });

  it.each(["18.20.4", "20.18.3", "20.0.0", "16.20.2", "garbage"])("refuses Node %s in one line", (v) => {
    const message = unsupportedNodeMessage(v, "/usr/bin/node");
    expect(message).toContain(`runs on Node.js ${v}`);
    expect(message).toContain("needs Node.js >= 20.19.0");
    expect(message).toContain("/usr/bin/node");
    expect(message).not.toContain("\n");
  });

  it("bounds what it echoes", () => {
    const message = unsupportedNodeMessage(`1.${"9".repeat(500)}`, `/${"x".repeat(5000)}`) ?? "";
    expect(message.length).toBeLessThan(500);
  });
});
