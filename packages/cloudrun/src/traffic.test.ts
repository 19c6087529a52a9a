// Short split form: conversion and LATEST resolution.
import { describe, expect, it } from "vitest";
import { latest, rev } from "../test/splits.js";
import type { Service } from "./model.js";
import { effectiveSplit, fromTrafficTargets, resolveLatest, TrafficError, toTrafficTargets } from "./traffic.js";

describe("conversion", () => {
  it("maps model entries to the short form and back", () => {
    const split = fromTrafficTargets([
      {
        type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
        revision: "projects/p/locations/l/services/s/revisions/s-1",
        percent: 90,
      },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 10, tag: "next" },
      { revision: "s-2", tag: "old" },
      { percent: 0, tag: "" },
    ]);
    expect(split).toEqual([rev("s-1", 90), latest(10, "next"), rev("s-2", 0, "old"), latest(0)]);
    expect(toTrafficTargets(split.slice(0, 2))).toEqual([
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "s-1", percent: 90 },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 10, tag: "next" },
    ]);
  });

  it("treats empty traffic as 100 % LATEST", () => {
    expect(effectiveSplit({})).toEqual([latest(100)]);
    expect(effectiveSplit({ traffic: [] })).toEqual([latest(100)]);
  });
});

describe("resolveLatest", () => {
  it.each([
    {
      name: "replaces LATEST with the latest ready revision",
      split: [latest(100)],
      ready: "projects/p/locations/l/services/s/revisions/s-3",
      want: [rev("s-3", 100)],
    },
    {
      name: "merges percent into the first entry of the same revision, keeping tags",
      split: [rev("s-3", 40, "blue"), latest(60, "next")],
      ready: "s-3",
      want: [rev("s-3", 100, "blue"), rev("s-3", 0, "next")],
    },
    {
      name: "drops an untagged duplicate after merging",
      split: [latest(50), rev("s-3", 50), rev("s-1", 0, "old")],
      ready: "s-3",
      want: [rev("s-3", 100), rev("s-1", 0, "old")],
    },
    {
      name: "leaves a split without LATEST alone",
      split: [rev("s-1", 100)],
      ready: undefined,
      want: [rev("s-1", 100)],
    },
  ])("$name", ({ split, ready, want }) => {
    const service: Pick<Service, "latestReadyRevision"> = ready === undefined ? {} : { latestReadyRevision: ready };
    expect(resolveLatest(split, service)).toEqual(want);
  });

  it("throws when there is no ready revision to resolve to", () => {
    expect(() => resolveLatest([latest(100)], {})).toThrowError(TrafficError);
    try {
      resolveLatest([latest(100)], {});
    } catch (e) {
      expect((e as TrafficError).code).toBe("UNRESOLVED_LATEST");
    }
  });
});
