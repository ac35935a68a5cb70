-- AlterEnum
ALTER TYPE "Verdict" ADD VALUE 'error';
