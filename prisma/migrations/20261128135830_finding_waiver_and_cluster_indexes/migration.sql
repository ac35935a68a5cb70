-- CreateIndex
CREATE INDEX "Finding_waived_createdAt_waivedBy_ruleName_idx" ON "Finding"("waived", "createdAt", "waivedBy", "ruleName");

-- CreateIndex
CREATE INDEX "Finding_cluster_createdAt_idx" ON "Finding"("cluster", "createdAt");
