import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { accounts, birthdateChanges, blocks, contacts, reports } from '@/db/schema';

/**
 * Loads a folder written by `generatePopulation` as it is, without the import's validation:
 * for tests, evaluation and benchmarks on trusted synthetic data. Real data goes through
 * `lookout import`. On PostgreSQL the server reads the files itself (COPY, the fastest path);
 * elsewhere rows go in batches.
 */
export async function loadGeneratedPopulation(database: Database, dir: string): Promise<'server-copy' | 'batches'> {
  if (database.engine === 'postgres') {
    try {
      await copyOnServer(database, path.resolve(dir));
      return 'server-copy';
    } catch {
      // Not a superuser, or the server cannot see this folder: fall through (the COPY rolled back).
    }
  }
  await insertInBatches(database, dir);
  return 'batches';
}

async function copyOnServer(database: Database, dir: string): Promise<void> {
  const file = (name: string) => sql.raw(`'${path.join(dir, name).replaceAll("'", "''")}'`);
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`copy accounts (account_id, username, display_name, claimed_birthdate, created_at, country, age_assurance, device_cluster, status)
      from ${file('accounts.csv')} with (format csv, header true)`);
    await tx.execute(sql`copy birthdate_changes (account_id, changed_at, old_birthdate, new_birthdate)
      from ${file('birthdate_changes.csv')} with (format csv, header true)`);
    await tx.execute(sql`create temp table contacts_in (initiator_id varchar(64), recipient_id varchar(64), first_contact_at timestamptz,
      last_contact_at timestamptz, messages_from_initiator int, messages_from_recipient int, media_from_initiator int, media_from_recipient int) on commit drop`);
    await tx.execute(sql`copy contacts_in from ${file('contacts.csv')} with (format csv, header true)`);
    await tx.execute(sql`insert into contacts select least(initiator_id, recipient_id), greatest(initiator_id, recipient_id), * from contacts_in`);
    await tx.execute(sql`copy blocks (blocker_id, blocked_id, blocked_at) from ${file('blocks.csv')} with (format csv, header true)`);
    await tx.execute(sql`copy reports (report_id, reporter_id, reported_id, category, description, created_at, source)
      from ${file('reports.csv')} with (format csv, header true, force_not_null (description))`);
  });
  await database.db.execute(sql`analyze`);
}

type Row = Record<string, string>;

async function insertInBatches(database: Database, dir: string): Promise<void> {
  const nullable = (v: string | undefined) => (v ? v : null);
  const int = (v: string | undefined) => Number(v ?? 0);
  await database.db.transaction(async (tx) => {
    await eachBatch(dir, 'accounts.csv', (rows) =>
      tx.insert(accounts).values(
        rows.map((r) => ({
          accountId: r.account_id!,
          username: r.username!,
          displayName: r.display_name ?? '',
          claimedBirthdate: nullable(r.claimed_birthdate),
          createdAt: new Date(r.created_at!),
          country: r.country ?? '',
          ageAssurance: r.age_assurance as 'none' | 'adult' | 'minor',
          deviceCluster: nullable(r.device_cluster),
          status: r.status as 'active',
        })),
      ),
    );
    await eachBatch(dir, 'birthdate_changes.csv', (rows) =>
      tx.insert(birthdateChanges).values(
        rows.map((r) => ({
          accountId: r.account_id!,
          changedAt: new Date(r.changed_at!),
          oldBirthdate: nullable(r.old_birthdate),
          newBirthdate: nullable(r.new_birthdate),
        })),
      ),
    );
    await eachBatch(dir, 'contacts.csv', (rows) =>
      tx.insert(contacts).values(
        rows.map((r) => ({
          accountLo: r.initiator_id! < r.recipient_id! ? r.initiator_id! : r.recipient_id!,
          accountHi: r.initiator_id! < r.recipient_id! ? r.recipient_id! : r.initiator_id!,
          initiatorId: r.initiator_id!,
          recipientId: r.recipient_id!,
          firstContactAt: new Date(r.first_contact_at!),
          lastContactAt: new Date(r.last_contact_at!),
          messagesFromInitiator: int(r.messages_from_initiator),
          messagesFromRecipient: int(r.messages_from_recipient),
          mediaFromInitiator: int(r.media_from_initiator),
          mediaFromRecipient: int(r.media_from_recipient),
        })),
      ),
    );
    await eachBatch(dir, 'blocks.csv', (rows) =>
      tx.insert(blocks).values(rows.map((r) => ({ blockerId: r.blocker_id!, blockedId: r.blocked_id!, blockedAt: new Date(r.blocked_at!) }))),
    );
    await eachBatch(dir, 'reports.csv', (rows) =>
      tx.insert(reports).values(
        rows.map((r) => ({
          reportId: r.report_id!,
          reporterId: nullable(r.reporter_id),
          reportedId: r.reported_id!,
          category: r.category as 'other',
          description: r.description ?? '',
          createdAt: new Date(r.created_at!),
          source: r.source as 'user',
        })),
      ),
    );
  });
}

async function eachBatch(dir: string, name: string, insert: (rows: Row[]) => Promise<unknown>): Promise<void> {
  const file = path.join(dir, name);
  if (!existsSync(file)) return;
  let batch: Row[] = [];
  for await (const row of createReadStream(file).pipe(parse({ columns: true }))) {
    batch.push(row as Row);
    if (batch.length === 1000) {
      await insert(batch);
      batch = [];
    }
  }
  if (batch.length) await insert(batch);
}
