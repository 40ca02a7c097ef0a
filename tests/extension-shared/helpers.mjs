// Paths and fixture loading for the tests of the shared add-in package (node --test
// tests/extension-shared/); the add-ins' own tests read the same fixtures.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TESTS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(TESTS_DIR, "../..");
export const SHARED_DIR = path.join(ROOT, "extension/shared");

/** A JSON fixture from tests/extension-shared/fixtures (payload-*.json made by make-fixtures.sh). */
export function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(TESTS_DIR, "fixtures", name), "utf8"));
}

/** A module of extension/shared. */
export function shared(name) {
  return import(path.join(SHARED_DIR, name));
}
