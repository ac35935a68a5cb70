// npm run db:migrate            apply pending migrations to DATABASE_URL (or the embedded database)
// npm run db:migration -- NAME  write a new migration from the schema diff, offline
// npm run db:check              fail when schema.prisma and the migrations disagree (CI)
import { describeLocation, type DatabaseLocation } from './database-location.js';
import { Database } from './database.js';
import { defaultMigrationsDir } from './migrations/migration-files.js';
import { createMigration, diffSchemaAgainstMigrations } from './migrations/create-migration.js';

function locationFromEnv(env: NodeJS.ProcessEnv): DatabaseLocation {
  const url = env.DATABASE_URL;
  if (!url) return { kind: 'pglite', dataDir: env.PULLWISE_DATA_DIR || '.pullwise' };
  if (url === 'memory:') return { kind: 'pglite-memory' };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(`DATABASE_URL must be a postgresql:// URL or "memory:", got "${url.split(':')[0]}:…"`);
}

async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  const dir = defaultMigrationsDir();
  switch (command) {
    case 'deploy': {
      const location = locationFromEnv(process.env);
      const db = await Database.open(location);
      for (const notice of db.notices) console.log(notice);
      try {
        const applied = await db.migrate(dir);
        console.log(
          applied.length
            ? `applied ${applied.join(', ')} to ${describeLocation(location)}`
            : `${describeLocation(location)} is up to date`,
        );
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'create': {
      if (!name) throw new Error('usage: npm run db:migration -- <name>');
      const created = await createMigration(dir, name);
      console.log(
        created ? `wrote ${created}/migration.sql` : 'schema.prisma matches the migrations; nothing to write',
      );
      return 0;
    }
    case 'check': {
      const sql = await diffSchemaAgainstMigrations(dir);
      if (!sql.trim()) {
        console.log('schema.prisma and prisma/migrations agree');
        return 0;
      }
      console.error(
        'schema.prisma differs from prisma/migrations; run `npm run db:migration -- <name>`. Missing SQL:\n' + sql,
      );
      return 1;
    }
    default:
      throw new Error('usage: migrate-cli deploy | create <name> | check');
  }
}

// The wasm engine leaves a timer pending for ~10 s; exit explicitly (docs/design.md "Database and migrations offline").
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
