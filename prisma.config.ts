import { defineConfig } from 'prisma/config';

// No datasource here: `prisma generate` must work on machines without a database, and migrations
// run through the WebAssembly schema engine (libs/db/src/migrations), not the native CLI.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
