-- Exceptions name their rules by id (ExceptionRule), so renaming a rule keeps its exceptions working and a rule
-- an exception names cannot be deleted underneath it. `rules: ["*"]` becomes the allRules flag.

-- AlterTable
ALTER TABLE "RuleException" ADD COLUMN     "allRules" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ExceptionRule" (
    "exceptionId" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ExceptionRule_pkey" PRIMARY KEY ("exceptionId","ruleId")
);

-- CreateIndex
CREATE INDEX "ExceptionRule_ruleId_idx" ON "ExceptionRule"("ruleId");

-- AddForeignKey
ALTER TABLE "ExceptionRule" ADD CONSTRAINT "ExceptionRule_exceptionId_fkey" FOREIGN KEY ("exceptionId") REFERENCES "RuleException"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExceptionRule" ADD CONSTRAINT "ExceptionRule_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "Rule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: carry the names over. A name that matches no rule waived nothing and is dropped (it would
-- otherwise waive whichever rule takes that name later). A waiver of every rule without an expiry gets the
-- default maximum of 90 days from now, as the API now requires.
UPDATE "RuleException" SET "allRules" = true WHERE '*' = ANY("rules");
INSERT INTO "ExceptionRule" ("exceptionId", "ruleId", "position")
    SELECT e."id", r."id", MIN(n.i)::INTEGER
    FROM "RuleException" e
    CROSS JOIN LATERAL unnest(e."rules") WITH ORDINALITY AS n(name, i)
    JOIN "Rule" r ON r."name" = n.name
    GROUP BY e."id", r."id";
UPDATE "RuleException" SET "expiresAt" = CURRENT_TIMESTAMP + INTERVAL '90 days'
    WHERE "allRules" AND "expiresAt" IS NULL;
ALTER TABLE "RuleException" DROP COLUMN "rules";

-- Links change the policy as much as the exception rows do (policy_change_notify).
CREATE TRIGGER "ExceptionRule_policy_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ExceptionRule"
    FOR EACH STATEMENT EXECUTE FUNCTION "pullwise_policy_changed"();
