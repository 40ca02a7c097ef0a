// Shared paths and fixture loading for the extension tests (node --test tests/extension/).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TESTS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(TESTS_DIR, "../..");
export const EXT_DIR = path.join(ROOT, "extension/thunderbird");

/** A JSON fixture from tests/extension/fixtures (payload-*.json made by make-fixtures.sh). */
export function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(TESTS_DIR, "fixtures", name), "utf8"));
}

/** The add-on's ES module under extension/thunderbird/common. */
export function common(name) {
  return import(path.join(EXT_DIR, "common", name));
}
