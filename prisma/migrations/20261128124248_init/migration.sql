-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Enforcement" AS ENUM ('deny', 'warn', 'audit');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('critical', 'high', 'medium', 'low', 'info');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('pass', 'warn', 'fail');

-- CreateTable
CREATE TABLE "Rule" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "match" JSONB,
    "exclude" JSONB,
    "enforcement" "Enforcement" NOT NULL,
    "severity" "Severity" NOT NULL DEFAULT 'medium',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT,
    "updatedBy" TEXT,

    CONSTRAINT "Rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleVersion" (
    "id" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "change" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "match" JSONB,
    "exclude" JSONB,
    "enforcement" "Enforcement" NOT NULL,
    "severity" "Severity" NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedBy" TEXT,

    CONSTRAINT "RuleVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleException" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "rules" TEXT[],
    "match" JSONB,
    "justification" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "ticket" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT,
    "updatedBy" TEXT,

    CONSTRAINT "RuleException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterProfile" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "admissionPlugins" TEXT[],
    "kubeletVersion" TEXT,
    "credentialVerificationPolicy" TEXT,
    "verificationAllowlist" TEXT[],
    "preloadedImages" TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT,
    "updatedBy" TEXT,

    CONSTRAINT "ClusterProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verdict" "Verdict" NOT NULL,
    "cluster" TEXT,
    "namespaces" TEXT[],
    "repository" TEXT,
    "commit" TEXT,
    "pipeline" TEXT,
    "documents" INTEGER NOT NULL,
    "workloads" INTEGER NOT NULL,
    "slots" INTEGER NOT NULL,
    "denyCount" INTEGER NOT NULL,
    "warnCount" INTEGER NOT NULL,
    "auditCount" INTEGER NOT NULL,
    "waivedCount" INTEGER NOT NULL,
    "ruleVersions" JSONB NOT NULL,
    "context" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "createdBy" TEXT,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" UUID NOT NULL,
    "evaluationId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "ruleId" UUID,
    "ruleName" TEXT NOT NULL,
    "ruleVersion" INTEGER,
    "ruleKind" TEXT NOT NULL,
    "enforcement" "Enforcement" NOT NULL,
    "severity" "Severity" NOT NULL,
    "waived" BOOLEAN NOT NULL DEFAULT false,
    "waivedBy" TEXT,
    "namespace" TEXT NOT NULL,
    "cluster" TEXT,
    "workloadKind" TEXT NOT NULL,
    "workloadName" TEXT NOT NULL,
    "slotName" TEXT NOT NULL,
    "slotType" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "registry" TEXT,
    "message" TEXT NOT NULL,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "entityName" TEXT,
    "version" INTEGER,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Rule_name_key" ON "Rule"("name");

-- CreateIndex
CREATE INDEX "Rule_kind_idx" ON "Rule"("kind");

-- CreateIndex
CREATE INDEX "RuleVersion_changedAt_idx" ON "RuleVersion"("changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RuleVersion_ruleId_version_key" ON "RuleVersion"("ruleId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "RuleException_name_key" ON "RuleException"("name");

-- CreateIndex
CREATE INDEX "RuleException_expiresAt_idx" ON "RuleException"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterProfile_name_key" ON "ClusterProfile"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "Evaluation_createdAt_idx" ON "Evaluation"("createdAt");

-- CreateIndex
CREATE INDEX "Evaluation_verdict_createdAt_idx" ON "Evaluation"("verdict", "createdAt");

-- CreateIndex
CREATE INDEX "Evaluation_repository_createdAt_idx" ON "Evaluation"("repository", "createdAt");

-- CreateIndex
CREATE INDEX "Evaluation_cluster_createdAt_idx" ON "Evaluation"("cluster", "createdAt");

-- CreateIndex
CREATE INDEX "Finding_evaluationId_idx" ON "Finding"("evaluationId");

-- CreateIndex
CREATE INDEX "Finding_ruleName_createdAt_idx" ON "Finding"("ruleName", "createdAt");

-- CreateIndex
CREATE INDEX "Finding_namespace_createdAt_idx" ON "Finding"("namespace", "createdAt");

-- CreateIndex
CREATE INDEX "Finding_createdAt_severity_idx" ON "Finding"("createdAt", "severity");

-- CreateIndex
CREATE INDEX "Finding_image_createdAt_idx" ON "Finding"("image", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_at_idx" ON "AuditEvent"("entityType", "entityId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
