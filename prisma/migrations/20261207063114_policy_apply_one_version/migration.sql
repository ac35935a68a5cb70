-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "via" JSONB;

-- AlterTable
ALTER TABLE "PolicyVersion" ADD COLUMN     "contentVersion" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "txid" BIGINT;

-- Written by hand (see 20261128161230_policy_change_notify): a transaction's first policy statement bumps the
-- version, its further statements keep it, so a policy apply of many objects is one version that replicas see
-- at once (its notification is delivered on commit). "contentVersion"
-- follows the changes to rules, exceptions and profiles only: node inventory uploads do not make a policy
-- apply's If-Match stale.
UPDATE "PolicyVersion" SET "contentVersion" = "version";
-- A statement after the transaction's first write returns before touching the row: an apply of thousands of
-- objects leaves one row version and one notification, not one per statement.
CREATE OR REPLACE FUNCTION "pullwise_policy_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
    cur RECORD\073
    v BIGINT\073
    content BOOLEAN := TG_TABLE_NAME <> ''ClusterNodeInventory''\073
BEGIN
    SELECT "version", "contentVersion", "txid" INTO cur FROM "PolicyVersion" WHERE "id" = 1\073
    IF FOUND AND cur."txid" IS NOT DISTINCT FROM txid_current()
       AND (NOT content OR cur."contentVersion" = cur."version") THEN
        RETURN NULL\073
    END IF\073
    INSERT INTO "PolicyVersion" ("id", "version", "changedAt", "txid", "contentVersion")
    VALUES (1, 1, CURRENT_TIMESTAMP, txid_current(), 1)
    ON CONFLICT ("id") DO UPDATE
        SET "version" = CASE WHEN "PolicyVersion"."txid" IS NOT DISTINCT FROM txid_current()
                             THEN "PolicyVersion"."version" ELSE "PolicyVersion"."version" + 1 END,
            "contentVersion" = CASE WHEN NOT content THEN "PolicyVersion"."contentVersion"
                                    WHEN "PolicyVersion"."txid" IS NOT DISTINCT FROM txid_current()
                                    THEN "PolicyVersion"."version" ELSE "PolicyVersion"."version" + 1 END,
            "changedAt" = CURRENT_TIMESTAMP,
            "txid" = txid_current()
    RETURNING "version" INTO v\073
    PERFORM pg_notify(''pullwise_policy'', json_build_object(''version'', v::text, ''table'', TG_TABLE_NAME)::text)\073
    RETURN NULL\073
END
';
