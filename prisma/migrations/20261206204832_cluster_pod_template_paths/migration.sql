-- AlterTable
ALTER TABLE "ClusterProfile" ADD COLUMN     "podTemplatePaths" JSONB NOT NULL DEFAULT '[]';
