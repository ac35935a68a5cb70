-- CreateTable
CREATE TABLE "ClusterNodeInventory" (
    "clusterId" UUID NOT NULL,
    "version" BIGSERIAL NOT NULL,
    "observedAt" TIMESTAMPTZ(3) NOT NULL,
    "nodeCount" INTEGER NOT NULL,
    "imageCount" INTEGER NOT NULL,
    "truncatedNodes" INTEGER NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "ClusterNodeInventory_pkey" PRIMARY KEY ("clusterId")
);

-- CreateTable
CREATE TABLE "ClusterNode" (
    "clusterId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "labels" JSON NOT NULL,
    "taints" JSON NOT NULL,
    "unschedulable" BOOLEAN NOT NULL,
    "kubeletVersion" TEXT NOT NULL,
    "images" JSON NOT NULL,

    CONSTRAINT "ClusterNode_pkey" PRIMARY KEY ("clusterId","position")
);

-- AddForeignKey
ALTER TABLE "ClusterNodeInventory" ADD CONSTRAINT "ClusterNodeInventory_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "ClusterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterNode" ADD CONSTRAINT "ClusterNode_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "ClusterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (triggers are not in schema.prisma), without semicolons in comments: Prisma's PostgreSQL
-- driver adapter splits a migration at every one. Storing, replacing or forgetting an inventory is a policy change
-- like any other (migration policy_change_notify), so every replica's snapshot picks it up. ClusterNode has no
-- trigger on purpose. Its rows change only in a transaction that also writes or deletes their inventory row, and
-- the replace writes that row last, so the PolicyVersion row (which the trigger updates) is locked only at the end.
-- A trigger on ClusterNode would lock it at the first node insert and hold back every other policy write until
-- the whole upload commits.
CREATE TRIGGER "ClusterNodeInventory_policy_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ClusterNodeInventory"
    FOR EACH STATEMENT EXECUTE FUNCTION "pullwise_policy_changed"();
