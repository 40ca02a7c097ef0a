// Paths for the Thunderbird add-on's tests (node --test tests/extension/).
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TESTS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(TESTS_DIR, "../..");
export const EXT_DIR = path.join(ROOT, "extension/thunderbird");
export const SHARED_DIR = path.join(ROOT, "extension/shared");

/** The add-on's ES module under extension/thunderbird/common. */
export function common(name) {
  return import(path.join(EXT_DIR, "common", name));
}
