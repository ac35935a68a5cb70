-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN     "manifests" TEXT NOT NULL;
