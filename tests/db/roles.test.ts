import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, queryRows } from '@/db/client';
import { ensureAppRole, runtimeRoleProblem } from '@/db/roles';
import { auditCheckpoints, disclosurePackages, policeRequests } from '@/db/schema';
import { appendAudit } from '@/lib/audit/log';
import { openTestDatabase, testAdminUrl, testEngine, type TestDatabase } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

/**
 * What an insider holding the app's own database credentials can no longer do. PGlite has one
 * user, who owns everything: these guarantees exist only on a PostgreSQL server.
 */
describe.skipIf(testEngine() !== 'postgres')('the lookout_app role on PostgreSQL (PGlite has a single owner user: nothing to test there)', () => {
  let database: TestDatabase;
  let releasedId: string;
  let draftId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    // Seeded as the owner: a request with one released package and one draft.
    const preparer = await makeStaff(database.owner, 'liaison');
    const releaser = await makeStaff(database.owner, 'liaison');
    const [request] = await database.owner
      .insert(policeRequests)
      .values({
        type: 'subpoena',
        jurisdiction: 'US-CA',
        timeZone: 'America/Los_Angeles',
        agency: 'Test PD',
        officerName: 'Officer Test',
        officerEmail: 'officer@police.example',
        legalReference: 'SUB-1',
        receivedAt: new Date('2026-01-01T00:00:00Z'),
        rangeFrom: '2025-01-01',
        rangeTo: '2025-12-31',
        categories: ['subscriber'],
        createdBy: preparer.id,
      })
      .returning();
    const base = { requestId: request!.id, preparedBy: preparer.id, preparedAt: new Date(), sha256: 'a'.repeat(64), manifest: {}, sizeBytes: 3, zip: Buffer.from('zip') };
    const [released] = await database.owner
      .insert(disclosurePackages)
      .values({ ...base, version: 1, status: 'released', releasedBy: releaser.id, releasedAt: new Date() })
      .returning();
    const [draft] = await database.owner.insert(disclosurePackages).values({ ...base, version: 2 }).returning();
    releasedId = released!.id;
    draftId = draft!.id;
    await database.db.transaction((tx) => appendAudit(tx, { actor: { type: 'system', name: 'test' }, action: 'test.entry', targetType: 'thing' }));
  });
  afterAll(async () => database?.close());

  /** The server's refusal: SQLSTATE and message (drizzle keeps the driver's error as its cause). */
  const refusal = (statement: SQL) =>
    database.db.execute(statement).then(
      () => 'accepted',
      (error: Error) => {
        const cause = error.cause as { code?: string; message?: string } | undefined;
        return `${cause?.code}: ${cause?.message}`;
      },
    );

  it('connects as lookout_app, which is neither a superuser nor an owner', async () => {
    const [who] = await queryRows<{ user: string }>(database.db, sql`select current_user as "user"`);
    expect(who!.user).toBe('lookout_app');
    expect(await runtimeRoleProblem(database.db)).toBeNull();
    expect(await runtimeRoleProblem(database.owner)).toMatch(
      /^refusing to start in production: DATABASE_URL connects as "[^"]+" and it is a superuser; connect as lookout_app/,
    );
  });

  it('cannot switch off a trigger, directly or through replication mode', async () => {
    expect(await refusal(sql`alter table audit_log disable trigger user`)).toBe('42501: must be owner of table audit_log');
    expect(await refusal(sql`alter table disclosure_packages disable trigger disclosure_packages_released_immutable`)).toBe(
      '42501: must be owner of table disclosure_packages',
    );
    expect(await refusal(sql`set session_replication_role = replica`)).toBe('42501: permission denied to set parameter "session_replication_role"');
  });

  it('can only add to and read the audit log and its checkpoints', async () => {
    expect(await refusal(sql`update audit_log set reason = 'edited' where seq = 1`)).toBe('42501: permission denied for table audit_log');
    expect(await refusal(sql`delete from audit_log where seq = 1`)).toBe('42501: permission denied for table audit_log');
    expect(await refusal(sql`truncate audit_log`)).toBe('42501: permission denied for table audit_log');
    expect(await refusal(sql`delete from audit_checkpoints`)).toBe('42501: permission denied for table audit_checkpoints');
    // Inserting works, and the bigserial's sequence is usable.
    const [row] = await database.db
      .insert(auditCheckpoints)
      .values({ seq: 1, hash: 'b'.repeat(64), at: new Date(), keyId: 'test', signature: 'none' })
      .returning();
    expect(row!.id).toBeGreaterThan(0);
    const [count] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`);
    expect(count!.n).toBe(1);
  });

  it('cannot change or delete a released disclosure package, and deletes no package at all', async () => {
    expect(await refusal(sql`update disclosure_packages set zip = 'swapped' where id = ${releasedId}`)).toMatch(
      /^42501: disclosure package .* version 1 is released and immutable: UPDATE refused$/,
    );
    expect(await refusal(sql`delete from disclosure_packages where id = ${releasedId}`)).toBe('42501: permission denied for table disclosure_packages');
    // A draft is still work in progress.
    expect(await refusal(sql`update disclosure_packages set size_bytes = 4 where id = ${draftId}`)).toBe('accepted');
  });

  it('truncates no record table', async () => {
    for (const table of ['reports', 'accounts', 'staff', 'police_requests', 'disclosure_packages', 'preservation_holds']) {
      expect(await refusal(sql`truncate ${sql.identifier(table)} cascade`)).toBe(`42501: permission denied for table ${table}`);
    }
  });

  it('runs no DDL', async () => {
    expect(await refusal(sql`create table intruder (id int)`)).toBe('42501: permission denied for schema public');
    expect(await refusal(sql`drop table audit_log`)).toBe('42501: must be owner of table audit_log');
    expect(await refusal(sql`alter table accounts add column note text`)).toBe('42501: must be owner of table accounts');
    expect(await refusal(sql`create index intruder_idx on accounts (username)`)).toBe('42501: must be owner of table accounts');
    expect(await refusal(sql`drop trigger audit_log_no_update_delete on audit_log`)).toBe('42501: must be owner of relation audit_log');
    expect(await refusal(sql`create or replace function audit_log_refuse_change() returns trigger as $$ begin return null; end $$ language plpgsql`)).toBe(
      '42501: permission denied for schema public',
    );
    expect(await refusal(sql`create schema intruder`)).toMatch(/^42501: permission denied for database lookout_test_/);
  });

  it('cannot migrate a database itself, and says which connection can', async () => {
    const name = `lookout_test_unmigrated_${process.pid}`;
    const admin = new pg.Client({ connectionString: testAdminUrl() });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
      const url = new URL(database.url!);
      url.pathname = `/${name}`;
      await expect(openDatabase({ url: url.toString() })).rejects.toThrow(
        "migrations are pending and DATABASE_URL cannot apply them (permission denied): run `lookout migrate` with LOOKOUT_MIGRATION_DATABASE_URL set to the owner's connection",
      );
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it('keeps its grants when migrate runs again', async () => {
    await ensureAppRole(database.owner);
    expect(await refusal(sql`delete from audit_log where seq = 1`)).toBe('42501: permission denied for table audit_log');
    expect(await refusal(sql`select count(*) from accounts`)).toBe('accepted');
  });
});
