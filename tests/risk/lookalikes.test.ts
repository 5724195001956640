import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { openTestDatabase, testEngine } from '../helpers/db';
import { birthdateForAge, Graph, readScores, scoreGraph } from './graph';

/**
 * Innocent accounts that look like a groomer at a glance, in one population with two real
 * cases: each must score below the weaker real case.
 */
describe(`look-alikes rank below real cases on ${testEngine()}`, () => {
  let database: Database;
  let result: Awaited<ReturnType<typeof readScores>>;

  beforeAll(async () => {
    database = await openTestDatabase();
    result = await scoreGraph(database.db, population());
  });
  afterAll(async () => database?.close());

  it('finds both real cases, with their patterns', () => {
    expect(result.row('poser')?.patterns).toBe('{age_misrepresentation,adult_contacting_minors,image_solicitation}');
    expect(result.row('opener')?.patterns).toBe('{adult_contacting_minors}');
    expect(result.score('poser')).toBeGreaterThan(result.score('opener'));
  });

  const lookalikes = [
    ['a sports coach messaging a team that knows each other', 'coach'],
    ['a parent on the family tablet', 'parent'],
    ['the child on that tablet', 'child'],
    ['a real 17-year-old among classmates, helping a younger club', 'senior'],
    ['a popular teen everyone writes to', 'star'],
    ['a teen who fixed a birthdate typo at sign-up', 'typo'],
    ['a spam account blasting strangers', 'spammer'],
  ] as const;

  it.each(lookalikes)('%s scores below a real case', (_, id) => {
    expect(result.score(id)).toBeLessThan(result.score('opener') / 2);
  });
});

function population(): Graph {
  const graph = new Graph();
  const kidsFrom = (school: string, count: number, age: number) => graph.people(`${school}-`, count, { age });

  // Real case 1: an adult whose age check says adult, claiming 17, grooming children of several schools.
  graph.person('poser', { age: 17, check: 'adult' });
  const victims = [...kidsFrom('north', 3, 12), ...kidsFrom('east', 3, 13), ...kidsFrom('west', 3, 14)];
  victims.forEach((kid, i) => {
    graph.talk('poser', kid, { fromInitiator: 150, fromRecipient: 30, mediaFromRecipient: i % 3 === 0 ? 2 : 0 });
    if (i % 4 === 0) graph.block(kid, 'poser');
  });
  graph.report('north-1', 'poser', 'grooming', 'he keeps asking me to send pics');

  // Real case 2, weaker: an openly adult account writing first to six unrelated 12–14-year-olds.
  graph.person('opener', { age: 36 });
  [...kidsFrom('south', 2, 12), ...kidsFrom('central', 2, 13), ...kidsFrom('bay', 2, 14)].forEach((kid) =>
    graph.talk('opener', kid, { fromInitiator: 60, fromRecipient: 15 }),
  );

  // A sports coach: a team of 13-year-olds who all know each other; team photos; one annoyed kid.
  graph.person('coach', { age: 38, check: 'adult' });
  const team = kidsFrom('team', 14, 13);
  graph.clique(team);
  team.forEach((kid, i) => graph.talk('coach', kid, { fromInitiator: 40, fromRecipient: 8, mediaFromRecipient: i < 2 ? 1 : 0 }));
  graph.block('team-1', 'coach');
  graph.report('team-2', 'coach', 'other', 'too many messages about practice, even on sundays');

  // A parent and a 13-year-old on one tablet; the child's class; the parent arranging a lift.
  graph.person('parent', { age: 44, device: 'family-tablet' });
  graph.person('child', { age: 13, device: 'family-tablet' });
  const classmates = kidsFrom('class', 10, 13);
  graph.clique(['child', ...classmates]);
  graph.talk('parent', 'child', { mediaFromRecipient: 6 });
  graph.talk('parent', 'class-1', { fromInitiator: 3, fromRecipient: 2 });
  graph.talk('parent', 'class-2', { fromInitiator: 3, fromRecipient: 2 });

  // A real 17-year-old: classmates of 16–17, and a club of 13-year-olds who know each other.
  graph.person('senior', { age: 17, check: 'minor' });
  const seniors = [...kidsFrom('sixth', 6, 17), ...kidsFrom('fifth', 6, 16)];
  graph.clique(['senior', ...seniors], { mediaFromInitiator: 2, mediaFromRecipient: 2 });
  const club = kidsFrom('club', 5, 13);
  graph.clique(club);
  club.forEach((kid) => graph.talk('senior', kid, { fromInitiator: 25, fromRecipient: 10, mediaFromRecipient: 1 }));

  // A popular 15-year-old: thirty accounts of all ages write first; some adults get blocked.
  graph.person('star', { age: 15 });
  const fans = [...kidsFrom('fan', 20, 15), ...graph.people('admirer', 10, { age: 30 })];
  fans.forEach((fan) => graph.talk(fan, 'star', { fromInitiator: 5, fromRecipient: 3 }));
  graph.block('star', 'admirer-1');
  graph.block('star', 'admirer-2');
  graph.report('fan-1', 'star', 'harassment', 'posted an embarrassing photo of me');

  // A 13-year-old who typed 2003 for 2013 at sign-up and fixed it two days later.
  graph.person('typo', { age: 13, createdYearsAgo: 0.1 });
  const birthdate = birthdateForAge(13);
  graph.changeBirthdate('typo', `${Number(birthdate.slice(0, 4)) - 10}${birthdate.slice(4)}`, birthdate, 34);
  const typoClass = kidsFrom('typoclass', 8, 13);
  graph.clique(['typo', ...typoClass], { mediaFromInitiator: 1, mediaFromRecipient: 1 });

  // Spam: 90 accounts of every age, one line each, a few blocks and reports (one misfiled).
  graph.person('spammer', { age: null });
  const targets = [...kidsFrom('spamkid', 30, 13), ...graph.people('spamgrown', 60, { age: 40 })];
  targets.forEach((account, i) => graph.talk('spammer', account, { fromInitiator: 2, fromRecipient: i % 20 === 0 ? 1 : 0, mediaFromInitiator: 1 }));
  for (const kid of targets.slice(0, 8)) graph.block(kid, 'spammer');
  graph.report('spamgrown-1', 'spammer', 'spam', 'crypto link');
  graph.report('spamgrown-2', 'spammer', 'spam', 'spam link');
  graph.report('spamkid-3', 'spammer', 'other', 'keeps asking to join a telegram channel');
  return graph;
}
