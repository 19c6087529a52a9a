// Wire compatibility of the checked-in ts-proto code with PipeCD's plugin protocol: the independent fixture
// builder against the protobuf encoding guide, and the fixtures' field coverage.

import { describe, expect, it } from "vitest";
import {
  bool,
  concat,
  distinctFieldNumbers,
  hex,
  int,
  str,
  stringMap,
  sub,
  tag,
  varint,
  WireType,
} from "../test/wire-fixtures.js";
import {
  commitBytes,
  deploymentBytes,
  deploymentFields,
  logBlockBytes,
  metadataV2Bytes,
  stageBytes,
  targetSourceBytes,
  triggerBytes,
} from "../test/wire-model-fixtures.js";
import {
  approveCommandBytes,
  executePluginInputBytes,
  executeStageRequestBytes,
  getPlanPreviewRequestBytes,
  reportFromCheckpointBytes,
  serviceResourceBytes,
} from "../test/wire-service-fixtures.js";

describe("wire-fixtures builder", () => {
  // Examples from https://protobuf.dev/programming-guides/encoding/ anchor the builder to the spec.
  it.each([
    ["varint 0", varint(0), "00"],
    ["varint 1", varint(1), "01"],
    ["varint 127", varint(127), "7f"],
    ["varint 128", varint(128), "8001"],
    ["varint 150", varint(150), "9601"],
    ["varint 300", varint(300), "ac02"],
    ["varint 2^32", varint(2 ** 32), "8080808010"],
    ["varint -1 (int64)", varint(-1), "ffffffffffffffffff01"],
    ["tag 1 VARINT", tag(1, WireType.VARINT), "08"],
    ["tag 2 LEN", tag(2, WireType.LEN), "12"],
    ["tag 14 VARINT", tag(14, WireType.VARINT), "70"],
    ["tag 34 LEN", tag(34, WireType.LEN), "9202"],
    ["tag 102 VARINT", tag(102, WireType.VARINT), "b006"],
    ["int32 field 1 = 150", int(1, 150), "089601"],
    ['string field 2 = "testing"', str(2, "testing"), "120774657374696e67"],
    ["embedded field 3 = {1: 150}", sub(3, int(1, 150)), "1a03089601"],
    ["bool field 5 = true", bool(5, true), "2801"],
    ["map<string,string> field 10 {a: b}", stringMap(10, [["a", "b"]]), "5206" + "0a0161" + "120162"],
    ["concat", concat(int(1, 1), int(2, 2)), "08011002"],
  ])("%s", (_name, actual, expectedHex) => {
    expect(hex(actual)).toBe(expectedHex);
  });
});

describe("hand-built fixtures set every field of PipeCD's messages", () => {
  it.each([
    ["Deployment", deploymentBytes, deploymentFields],
    ["PipelineStage", stageBytes, Array.from({ length: 17 }, (_, i) => i + 1)],
    ["Commit", commitBytes, [1, 2, 3, 4, 5, 6, 14]],
    ["DeploymentTrigger", triggerBytes, [1, 2, 3, 4, 5]],
    ["DeploymentMetadata", metadataV2Bytes, [1, 2]],
    ["DeploymentSource", targetSourceBytes, [1, 2, 3, 4, 5]],
    ["ExecutePluginInput", executePluginInputBytes, [1, 2, 3, 4, 5]],
    ["LogBlock", logBlockBytes, [1, 2, 3, 14]],
    ["ResourceState", serviceResourceBytes, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ["GetPlanPreviewRequest", getPlanPreviewRequestBytes, [1, 2, 3, 4, 5, 6]],
    ["ReportStageLogsFromLastCheckpointRequest", reportFromCheckpointBytes, [1, 2, 3, 4, 5]],
    ["Command", approveCommandBytes, [1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 30, 34, 100, 101]],
  ])("%s", (_name, fixture, fields) => {
    expect(distinctFieldNumbers(fixture)).toEqual(fields);
  });

  it("ExecuteStageRequest wraps ExecutePluginInput in field 1 with a multi-byte length prefix", () => {
    expect(executePluginInputBytes.length).toBeGreaterThan(127);
    expect(hex(executeStageRequestBytes)).toBe(
      `0a${hex(varint(executePluginInputBytes.length))}${hex(executePluginInputBytes)}`,
    );
  });
});
