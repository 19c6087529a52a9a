/** Deeper YAML is refused before parsing: config and manifests need a handful of levels. */
export const MAX_YAML_NESTING = 64;

/**
 * A cheap scan for YAML nested deeper than `max` levels, run before the parser: the parser needs
 * seconds and deep recursion for such input. Counts open flow brackets (outside quotes) and block
 * levels (indentation steps and `- ` entries on one line). Returns the line where the limit is
 * passed, or undefined.
 */
export function yamlTooDeep(text: string, max = MAX_YAML_NESTING): number | undefined {
  let flow = 0;
  let line = 1;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      line += 1;
      lineStart = true;
      indent = 0;
      dashes = 0;
      if (quote === "'") quote = undefined;
      continue;
    }
    if (quote) {
      if (c === "\\" && quote === '"') i += 1;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (lineStart && (c === " " || c === "-")) {
      if (c === "-" && (text[i + 1] === " " || text[i + 1] === "\n")) dashes += 1;
      else if (c === " ") indent += 1;
      else lineStart = false;
      // Block levels: two spaces of indentation or one dash entry each.
      if (dashes + indent / 2 > max) return line;
      continue;
    }
    lineStart = false;
    if (c === "#" && flow === 0) {
      while (i + 1 < text.length && text[i + 1] !== "\n") i += 1;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") {
      flow += 1;
      if (flow > max) return line;
    } else if ((c === "]" || c === "}") && flow > 0) flow -= 1;
  }
  return undefined;
}
