// The percent spellings both parsePercentage and the CLOUDRUN_PROMOTE options are tested with.

/** Accepted spellings of a percent, by name: the value as written and the number it means. */
export const ACCEPTED_PERCENTS: Record<string, [input: unknown, expected: number]> = {
  number: [10, 10],
  "numeric string": ["10", 10],
  "string with %": ["10%", 10],
  zero: [0, 0],
  hundred: [100, 100],
  "hundred with %": ["100%", 100],
};

/** Values that are not a percent, by what is wrong with them. */
export const REFUSED_PERCENTS: Record<string, unknown> = {
  "above 100": 150,
  negative: -5,
  fraction: 10.5,
  word: "abc",
  "fraction with %": "10.5%",
  "empty string": "",
  boolean: true,
  null: null,
};
