import { sql } from 'drizzle-orm';
import { queryRows, sqlState, type Db } from './client';

/**
 * The role the app and the CLI connect as on PostgreSQL. `lookout migrate`, connected as the owner
 * of the tables, creates it (able to log in) and re-applies its grants after every migration, so a
 * table added by a later migration is covered the moment it exists.
 */
export const APP_ROLE = 'lookout_app';

/**
 * What lookout_app may do, table by table. Every table gets SELECT, INSERT, UPDATE and DELETE
 * unless it is listed here. Nothing gets TRUNCATE except the derived risk tables, which a full
 * scoring run rebuilds from the platform data (lib/risk/score.ts).
 */
const TABLE_GRANTS: Record<string, string> = {
  // The record itself and its anchors: written once, read, never changed.
  audit_log: 'SELECT, INSERT',
  audit_checkpoints: 'SELECT, INSERT',
  // A verification's row gets the checkpoint signed after it (UPDATE); none is ever removed.
  audit_verifications: 'SELECT, INSERT, UPDATE',
  // Histories of decisions: a correction is a new event, never an edit.
  police_request_events: 'SELECT, INSERT',
  moderation_events: 'SELECT, INSERT',
  // A package is built and then released (an UPDATE the trigger allows on drafts only);
  // no package is ever deleted.
  disclosure_packages: 'SELECT, INSERT, UPDATE',
  risk_scores: 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE',
  risk_signals: 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE',
  risk_account_ages: 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE',
};
const DEFAULT_GRANT = 'SELECT, INSERT, UPDATE, DELETE';

/** The password lookout_app logs in with, when the server asks for one (unset under trust auth). */
function appRolePassword(): string | null {
  return process.env.LOOKOUT_APP_DATABASE_PASSWORD || null;
}

/**
 * Creates lookout_app if it does not exist and grants it exactly TABLE_GRANTS on the current
 * database. Run as the owner, after the migrations. Idempotent; safe to run from several
 * processes on several databases at once (the role is cluster-wide, the grants per database).
 */
export async function ensureAppRole(db: Db): Promise<void> {
  const password = appRolePassword();
  const [existing] = await queryRows<{ login: boolean }>(db, sql`select rolcanlogin as login from pg_roles where rolname = ${APP_ROLE}`);
  if (!existing) {
    await createRole(db, password);
  } else if (!existing.login || password) {
    await db.execute(sql.raw(await roleStatement(db, 'ALTER', password)));
  }
  const tables = await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  const [database] = await queryRows<{ name: string }>(db, sql`select current_database() as name`);
  await db.transaction(async (tx) => {
    const role = sql.identifier(APP_ROLE);
    await tx.execute(sql`grant connect, temporary on database ${sql.identifier(database!.name)} to ${role}`);
    // PostgreSQL 15 already withholds CREATE on public from everyone; databases created before it
    // did not, and CREATE there is DDL. (Only the schema's owner may revoke it, so only when needed.)
    const [open] = await queryRows<{ can: boolean }>(tx, sql`select has_schema_privilege(${APP_ROLE}, 'public', 'CREATE') as can`);
    if (open?.can) await tx.execute(sql`revoke create on schema public from public`);
    await tx.execute(sql`grant usage on schema public to ${role}`);
    // A scoring run's work tables (lib/risk/run-context.ts), created and dropped in its transaction.
    await tx.execute(sql`grant usage, create on schema risk_work to ${role}`);
    await tx.execute(sql`revoke all on all tables in schema public from ${role}`);
    for (const { name } of tables) {
      await tx.execute(sql`grant ${sql.raw(TABLE_GRANTS[name] ?? DEFAULT_GRANT)} on table ${sql.identifier(name)} to ${role}`);
    }
    await tx.execute(sql`grant usage, select on all sequences in schema public to ${role}`);
    // The app checks at start that no migration is pending (db/client.ts), without needing the owner.
    await tx.execute(sql`grant usage on schema drizzle to ${role}`);
    await tx.execute(sql`grant select on drizzle.__drizzle_migrations to ${role}`);
  });
}

async function createRole(db: Db, password: string | null): Promise<void> {
  try {
    await db.execute(sql.raw(await roleStatement(db, 'CREATE', password)));
  } catch (error) {
    // Another process (another database's migration) created it a moment ago: that is the goal.
    const code = sqlState(error);
    if (code !== '42710' && code !== '23505') throw error;
  }
}

/** CREATE/ALTER ROLE take no bind parameters: the server quotes the password itself (format %L). */
async function roleStatement(db: Db, verb: 'CREATE' | 'ALTER', password: string | null): Promise<string> {
  const options = verb === 'CREATE' ? 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS' : 'LOGIN';
  const [row] = await queryRows<{ statement: string }>(
    db,
    password
      ? sql`select format('%s ROLE %I %s PASSWORD %L', ${verb}::text, ${APP_ROLE}::text, ${options}::text, ${password}::text) as statement`
      : sql`select format('%s ROLE %I %s', ${verb}::text, ${APP_ROLE}::text, ${options}::text) as statement`,
  );
  return row!.statement;
}

export interface RuntimeRole {
  user: string;
  superuser: boolean;
  /** Why this connection could change or drop tables at will: what it owns, or null. */
  owns: string | null;
}

/** Who this connection is, and whether it holds rights the app must not have. */
export async function describeRuntimeRole(db: Db): Promise<RuntimeRole> {
  const [row] = await queryRows<{ user: string; superuser: boolean; owned_table: string | null; owns_schema: boolean; owns_database: boolean }>(
    db,
    sql`select current_user as "user", r.rolsuper as superuser,
      (select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'MEMBER')
        order by c.relname limit 1) as owned_table,
      (select pg_has_role(current_user, n.nspowner, 'MEMBER') from pg_namespace n where n.nspname = 'public') as owns_schema,
      (select pg_has_role(current_user, d.datdba, 'MEMBER') from pg_database d where d.datname = current_database()) as owns_database
    from pg_roles r where r.rolname = current_user`,
  );
  const owns = row!.owned_table
    ? `it owns table ${row!.owned_table}`
    : row!.owns_database
      ? 'it owns the database'
      : row!.owns_schema
        ? 'it owns schema public'
        : null;
  return { user: row!.user, superuser: row!.superuser, owns };
}

/**
 * The production start-up check: one line saying why this connection is not acceptable, or null.
 * A superuser or an owner can disable the audit log's triggers, rewrite released packages and drop
 * tables; the app must run as lookout_app and leave those rights to the migration connection.
 */
export async function runtimeRoleProblem(db: Db): Promise<string | null> {
  const role = await describeRuntimeRole(db);
  const why = role.superuser ? 'it is a superuser' : role.owns;
  if (!why) return null;
  return `refusing to start in production: DATABASE_URL connects as "${role.user}" and ${why}; connect as ${APP_ROLE} and give the owner to migrations only (LOOKOUT_MIGRATION_DATABASE_URL)`;
}
