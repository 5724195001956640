import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '@/db/client';

/**
 * A day's platform export after `asOf` as import files, touching about `touched` accounts (a multiple
 * of 100): for each 10,000, 4,800 new conversations between pairs of 9,600 existing accounts, 200
 * blocks, 200 reports and 100 new accounts. `salt` picks a different set of existing accounts.
 */
export async function writeDayOfEdits(database: Database, out: string, asOf: Date, touched = 10_000, salt = 'day-edits'): Promise<void> {
  const share = (count: number) => Math.round((count * touched) / 10_000);
  const at = (hours: number) => new Date(asOf.getTime() + hours * 3_600_000).toISOString();
  const existing = share(10_000);
  const picked = await queryRows<{ account_id: string }>(
    database.db,
    sql`select account_id from accounts order by md5(account_id || ${salt}) limit ${existing}`,
  );
  const ids = picked.map((row) => row.account_id);
  const paired = share(4_800);
  const blocks = share(200);
  const csv = (header: string, rows: string[]) => `${header}\n${rows.join('\n')}\n`;
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const newAccounts = Array.from({ length: share(100) }, (_, i) => `${salt}-new-${i}`);
  await writeFile(
    path.join(out, 'accounts.csv'),
    csv(
      'account_id,username,display_name,claimed_birthdate,created_at,country,age_assurance,device_cluster,status',
      newAccounts.map((id, i) => `${id},${id},New ${i},${2000 - (i % 30)}-05-0${1 + (i % 9)},${at(6)},GB,none,dev-${id},active`),
    ),
  );
  const conversations = Array.from({ length: paired }, (_, i) => `${ids[2 * i]},${ids[2 * i + 1]},${at(1)},${at(20)},5,3,0,0`);
  await writeFile(
    path.join(out, 'contacts.csv'),
    csv('initiator_id,recipient_id,first_contact_at,last_contact_at,messages_from_initiator,messages_from_recipient,media_from_initiator,media_from_recipient', conversations),
  );
  // Blockers and reporters are the accounts after the paired ones; the blocked and reported are paired ones.
  await writeFile(
    path.join(out, 'blocks.csv'),
    csv('blocker_id,blocked_id,blocked_at', Array.from({ length: blocks }, (_, i) => `${ids[2 * paired + i]},${ids[i]},${at(12)}`)),
  );
  await writeFile(
    path.join(out, 'reports.csv'),
    csv(
      'report_id,reporter_id,reported_id,category,description,created_at,source',
      Array.from(
        { length: share(200) },
        (_, i) => `${salt}-report-${i},${ids[2 * paired + blocks + i]},${ids[blocks + i]},harassment,rude messages every night,${at(12)},user`,
      ),
    ),
  );
}
