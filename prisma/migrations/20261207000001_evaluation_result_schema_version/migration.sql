-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN     "resultSchemaVersion" INTEGER NOT NULL DEFAULT 2;

-- Written by hand: rows recorded so far get the version that describes their result
-- (libs/policy/src/result-schema-version.ts). This is the last place the shape is read to tell versions apart:
-- a result without a `rules` list predates `rules`, `skipped` and error codes (version 1). From here on the
-- recorder writes the version and readers branch on it.
UPDATE "Evaluation" SET "resultSchemaVersion" = 1 WHERE jsonb_typeof("result" -> 'rules') IS DISTINCT FROM 'array';
