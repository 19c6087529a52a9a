// docs/guarantees.md stays true: every suite a guarantee names exists, and so does every case it quotes.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const doc = readFileSync(join(root, "docs/guarantees.md"), "utf8");
const trackedFiles = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => f !== "");

/** One "proven by" reference: a suite (`deployment.e2e`, `src/x.test.ts`, a full path) and the cases it quotes. */
interface Proof {
  suite: string;
  cases: string[];
}

/** The references of the last cell of every table row, split at `;`. */
function proofs(text: string): Proof[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| guarantee"))
    .map((line) => line.split(" | ").at(-1)!.replace(/\|$/, ""))
    .flatMap((cell) => cell.split(/;\s*(?=`)/))
    .map((reference) => ({
      suite: /`([^`]+)`/.exec(reference)?.[1] ?? "",
      cases: [...reference.matchAll(/"([^"]+)"/g)].map((m) => m[1]!),
    }))
    .filter((proof) => proof.suite !== "" && proof.suite !== "pnpm bench");
}

/** The tracked files a suite name stands for: a path, a path inside an app or package, or an e2e suite's name. */
function suiteFiles(suite: string): string[] {
  return trackedFiles.filter(
    (file) => file === suite || file.endsWith(`/${suite}`) || file.endsWith(`/test/${suite}.test.ts`),
  );
}

describe("docs/guarantees.md", () => {
  const all = proofs(doc);

  it("names a proof for every guarantee", () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.map((proof) => ({ ...proof, label: `${proof.suite} ${proof.cases.join(", ")}` })))(
    "$label exists",
    ({ suite, cases }) => {
      const files = suiteFiles(suite);
      expect(files, `no file for ${suite}`).toHaveLength(1);
      const source = readFileSync(join(root, files[0]!), "utf8");
      // A quoted case may elide words with "…"; each remaining piece is in the suite's source.
      const pieces = cases.flatMap((title) => title.split("…").map((piece) => piece.trim()));
      expect(pieces.filter((piece) => piece !== "" && !source.includes(piece))).toEqual([]);
    },
  );
});
