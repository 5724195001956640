import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { assessAge } from '@/lib/risk/age';
import { ctxOf } from '../helpers/context';
import { makeStaff } from '../helpers/staff';
import { openTestDatabase, testEngine } from '../helpers/db';
import { AS_OF, birthdateForAge, Graph, resetPlatform, scoreGraph } from './graph';

/** Age evidence: each source on its own small graph, read back as stored signals and as an assessment. */
describe(`age evidence on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  // Something for the account to do, so its age evidence counts in full.
  function reachesKids(graph: Graph, id: string) {
    for (const kid of graph.people(`${id}-kid`, 5, { age: 12 })) graph.talk(id, kid, { fromInitiator: 40, fromRecipient: 10 });
  }

  it('an age check that says adult on an account claiming 17 makes it a likely adult', async () => {
    const graph = new Graph();
    graph.person('poser', { age: 17, check: 'adult' });
    reachesKids(graph, 'poser');
    const result = await scoreGraph(database.db, graph);
    const signal = result.signal('poser', 'age_check_adult');
    expect(signal?.evidence).toBe('age check says adult, claims 17');
    expect(signal?.weight).toBe(30);
    expect(signal?.pattern).toBe('age_misrepresentation');
    expect(result.row('poser')).toMatchObject({ claimed_band: '16_17', likely_band: 'adult' });
  });

  it('a device shared with an adult account is evidence, but not enough on its own', async () => {
    const graph = new Graph();
    graph.person('teen', { age: 16, device: 'tablet' });
    graph.person('grown', { age: 41, device: 'tablet' });
    reachesKids(graph, 'teen');
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('teen', 'device_shared_with_adult')?.evidence).toMatch(/shares a device with 1 account .* \(oldest claims 41\)/);
    expect(result.row('teen')?.likely_band).toBe('16_17');
    expect(result.signal('teen', 'device_shared_with_adult')?.pattern).toBeNull();
  });

  it('a birthdate moved twenty years younger long after sign-up makes a likely adult; a typo fixed at sign-up does not', async () => {
    const graph = new Graph();
    graph.person('mover', { age: 16, createdYearsAgo: 4 });
    graph.changeBirthdate('mover', '1986-03-01', birthdateForAge(16), 60);
    reachesKids(graph, 'mover');
    graph.person('typo', { age: 13, createdYearsAgo: 60 / 365.25 });
    graph.changeBirthdate('typo', '2003-02-01', birthdateForAge(13), 58);
    reachesKids(graph, 'typo');
    const result = await scoreGraph(database.db, graph);
    const moved = result.signal('mover', 'birthdate_moved_younger');
    expect(moved?.evidence).toBe('birthdate moved 24 years younger on 2026-04-02 (age 40 → 16)');
    expect(result.row('mover')?.likely_band).toBe('adult');
    const typo = result.signal('typo', 'birthdate_moved_younger');
    expect(typo?.evidence).toMatch(/within days of sign-up/);
    expect(typo!.weight).toBeLessThan(moved!.weight / 2);
    expect(result.row('typo')?.likely_band).toBe('13_15');
  });

  it('a claimed birthdate that would make the owner a small child at sign-up is evidence', async () => {
    const graph = new Graph();
    graph.person('old', { age: 15, createdYearsAgo: 11 });
    reachesKids(graph, 'old');
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('old', 'implausible_signup_age')?.evidence).toMatch(/^claims 15, which would make it [34] at sign-up on /);
    expect(result.row('old')?.likely_band).toBe('adult');
  });

  it('age-misrepresentation reports count by distinct reporter', async () => {
    const graph = new Graph();
    graph.person('liar', { age: 16 });
    graph.people('witness', 2, { age: 16 });
    reachesKids(graph, 'liar');
    graph.report('witness1', 'liar', 'age_misrepresentation', 'he is not 16');
    graph.report('witness1', 'liar', 'age_misrepresentation', 'again');
    graph.report('witness2', 'liar', 'age_misrepresentation', '');
    const result = await scoreGraph(database.db, graph);
    const signal = result.signal('liar', 'age_misrepresentation_reports');
    expect(signal?.value).toBe(2);
    expect(signal?.evidence).toBe('reported for age misrepresentation by 2 reporters');
  });

  it('age evidence without any behaviour towards younger minors counts half', async () => {
    const graph = new Graph();
    graph.person('quiet', { age: 17, check: 'adult' });
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('quiet', 'age_check_adult')?.weight).toBe(15);
    expect(result.signal('quiet', 'age_check_adult')?.evidence).toMatch(/no sign of reaching younger minors/);
  });

  it('judges the birthdate the account showed at the as-of time', async () => {
    const graph = new Graph();
    // Changed to a teen birthdate only after the as-of time: at AS_OF it still claimed 40.
    graph.person('later', { age: 16 });
    graph.changeBirthdate('later', birthdateForAge(40), birthdateForAge(16), -10);
    const result = await scoreGraph(database.db, graph);
    expect(result.row('later')).toBeUndefined();
  });

  it('assessAge gives claimed and likely band with the evidence', async () => {
    await resetPlatform(database.db);
    const graph = new Graph();
    graph.person('checked', { age: 17, check: 'adult', device: 'phone' });
    graph.person('main', { age: 38, device: 'phone' });
    await graph.save(database.db);
    const reader = ctxOf(database.db, await makeStaff(database.db, 'moderator'), { now: AS_OF });
    const assessment = await assessAge(reader, 'checked');
    expect(assessment).toMatchObject({ claimedAge: 17, claimedBand: '16_17', likelyBand: 'adult' });
    expect(assessment?.evidence.map((e) => e.code).sort()).toEqual(['age_check_adult', 'device_shared_with_adult']);
    expect(await assessAge(reader, 'main')).toMatchObject({ claimedBand: 'adult', likelyBand: 'adult', evidence: [] });
    expect(await assessAge(reader, 'nobody')).toBeNull();
    await expect(assessAge({ ...reader, actor: null }, 'checked')).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
