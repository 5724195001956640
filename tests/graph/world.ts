import type { Db } from '@/db/client';
import { riskScores } from '@/db/schema';
import { account, accounts, blocks, contacts, conversation, reports } from '../helpers/fixtures';

/** The instant the graph tests judge ages at. */
export const NOW = new Date('2026-06-01T00:00:00Z');

const at = (iso: string) => new Date(`${iso}T10:00:00Z`);

/**
 * A small world for the contact-graph tests:
 * - `groomer` (adult claiming nothing odd) writes first to five 12–13-year-olds who do not know
 *   each other; kid-1 blocked it, kid-2 reported it, kid-3 sent it media; kid-5 was reached later.
 *   An adult friend wrote first to it. It also talks to `hub`, who has many conversations.
 * - `pupil` is in a class of five 13-year-olds who all talk to each other.
 * - `ring-1` and `ring-2` are adults who also write to kids the groomer reached (second hop):
 *   ring-1 to kid-1, kid-2 and kid-3 (sharing the groomer's device), ring-2 to kid-4 only; kid-1's
 *   classmate `pupil` talks to kid-1 (a minor: never an "other adult").
 */
export async function plantGraphWorld(db: Db): Promise<void> {
  const kids = ['kid-1', 'kid-2', 'kid-3', 'kid-4', 'kid-5'];
  const pupils = ['pupil', 'pupil-2', 'pupil-3', 'pupil-4', 'pupil-5'];
  const fillers = Array.from({ length: 6 }, (_, i) => `filler-${i + 1}`);
  await db.insert(accounts).values([
    account('groomer', '1985-04-04', { username: 'skater_16', displayName: 'Sam Skater', deviceCluster: 'dev-g' }),
    account('friend', '1984-01-01', { username: 'old_friend' }),
    account('hub', '1990-01-01', { username: 'help_bot' }),
    account('ring-1', '1979-01-01', { username: 'ring_one', deviceCluster: 'dev-g' }),
    account('ring-2', '1981-01-01', { username: 'ring_two' }),
    ...kids.map((id, i) => account(id, i % 2 ? '2013-02-01' : '2014-02-01', { username: id.replace('-', '_') })),
    ...pupils.map((id) => account(id, '2013-01-01', { username: id.replace('-', '_') })),
    ...fillers.map((id) => account(id, '1995-01-01')),
  ]);
  await db.insert(contacts).values([
    ...kids.slice(0, 4).map((kid, i) =>
      conversation('groomer', kid, {
        firstContactAt: at(`2026-01-0${i + 5}`),
        lastContactAt: at(`2026-05-0${i + 1}`),
        messagesFromInitiator: 40 + i,
        messagesFromRecipient: 4,
        mediaFromRecipient: kid === 'kid-3' ? 2 : 0,
      }),
    ),
    conversation('groomer', 'kid-5', { firstContactAt: at('2026-03-02'), lastContactAt: at('2026-05-20'), messagesFromInitiator: 12, messagesFromRecipient: 0 }),
    conversation('friend', 'groomer', { firstContactAt: at('2024-06-01'), lastContactAt: at('2026-05-25') }),
    conversation('hub', 'groomer', { firstContactAt: at('2025-01-01'), lastContactAt: at('2025-01-02') }),
    ...fillers.map((f) => conversation('hub', f)),
    ...pupils.flatMap((a, i) => pupils.slice(i + 1).map((b) => conversation(a, b, { firstContactAt: at('2025-09-01') }))),
    conversation('pupil', 'kid-1', { firstContactAt: at('2025-10-01') }),
    ...['kid-1', 'kid-2', 'kid-3'].map((kid) => conversation('ring-1', kid, { firstContactAt: at('2026-02-01') })),
    conversation('ring-2', 'kid-4', { firstContactAt: at('2026-02-01') }),
  ]);
  await db.insert(blocks).values({ blockerId: 'kid-1', blockedId: 'groomer', blockedAt: at('2026-05-02') });
  await db.insert(reports).values({
    reportId: 'rep-1',
    reporterId: 'kid-2',
    reportedId: 'groomer',
    category: 'grooming',
    description: 'keeps asking for photos',
    createdAt: at('2026-05-03'),
    source: 'user',
  });
  await db.insert(riskScores).values({
    accountId: 'groomer',
    score: 88.5,
    claimedAge: 41,
    claimedBand: 'adult',
    likelyBand: 'adult',
    asOf: NOW,
    computedAt: NOW,
    runId: 1,
  });
}
