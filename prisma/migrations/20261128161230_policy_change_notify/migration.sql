-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("id")
);

-- Written by hand (triggers and functions are not in schema.prisma). Every statement that changes the
-- policy bumps the version and announces it on channel pullwise_policy. NOTIFY is delivered on commit only,
-- never on rollback, and the bump is transactional too: a replica that missed a notification finds the new
-- version in the row.
INSERT INTO "PolicyVersion" ("id", "version") VALUES (1, 0);

-- The body is an E'' string with each semicolon written as \073: Prisma's PostgreSQL driver adapter runs a
-- migration script statement by statement, splitting it at every semicolon (dollar quotes included).
CREATE FUNCTION "pullwise_policy_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
    v BIGINT\073
BEGIN
    INSERT INTO "PolicyVersion" ("id", "version", "changedAt") VALUES (1, 1, CURRENT_TIMESTAMP)
    ON CONFLICT ("id") DO UPDATE
        SET "version" = "PolicyVersion"."version" + 1, "changedAt" = CURRENT_TIMESTAMP
    RETURNING "version" INTO v\073
    PERFORM pg_notify(''pullwise_policy'', json_build_object(''version'', v::text, ''table'', TG_TABLE_NAME)::text)\073
    RETURN NULL\073
END
';

CREATE TRIGGER "Rule_policy_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Rule"
    FOR EACH STATEMENT EXECUTE FUNCTION "pullwise_policy_changed"();
CREATE TRIGGER "RuleException_policy_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RuleException"
    FOR EACH STATEMENT EXECUTE FUNCTION "pullwise_policy_changed"();
CREATE TRIGGER "ClusterProfile_policy_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ClusterProfile"
    FOR EACH STATEMENT EXECUTE FUNCTION "pullwise_policy_changed"();
