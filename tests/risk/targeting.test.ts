import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { rescoreAccounts } from '@/lib/risk/score';
import { openTestDatabase, testEngine } from '../helpers/db';
import { AS_OF, Graph, readScores, scoreGraph } from './graph';

/**
 * Targeting versus volume, and depth (issue 15): an account is judged by its preference for
 * minors relative to its whole audience, not by how many it reaches; and a few deep, long,
 * lopsided conversations have a path to the top of their own.
 */
describe(`targeting and depth on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  /** `count` children of one age, each from a different school: strangers to each other. */
  const strangers = (graph: Graph, prefix: string, count: number, age: number) => graph.people(prefix, count, { age });

  /**
   * A groomer writing first to twelve unrelated 13-year-olds, and a scam account writing first to
   * as many 13-year-olds — and to adults in proportion: chattier than spam (a third answer),
   * lopsided, blocked by adults as well as by minors, reported with words about another app.
   */
  function groomerAndScammer(): Graph {
    const graph = new Graph();
    graph.person('groomer', { age: 34 });
    strangers(graph, 'victim', 12, 13).forEach((kid, i) => {
      graph.talk('groomer', kid, { fromInitiator: 90, fromRecipient: i % 4 === 0 ? 0 : 20 });
      if (i < 2) graph.block(kid, 'groomer');
    });
    graph.person('scammer', { age: 29 });
    const kids = strangers(graph, 'mark-kid', 12, 13);
    const adults = strangers(graph, 'mark-adult', 30, 40);
    [...kids, ...adults].forEach((account, i) => {
      graph.talk('scammer', account, { fromInitiator: 8, fromRecipient: i % 3 === 0 ? 3 : 0 });
      if (i % 4 === 0) graph.block(account, 'scammer');
    });
    graph.report('mark-kid2', 'scammer', 'other', 'wants me to add him on whatsapp for free skins');
    graph.report('mark-adult3', 'scammer', 'spam', 'crypto');
    // The rest of the platform: adults who talk among themselves.
    const others = strangers(graph, 'neighbour', 12, 45);
    others.forEach((a, i) => graph.talk(a, others[(i + 1) % others.length]!));
    return graph;
  }

  it('ranks a bulk sender reaching as many minors as a groomer, but adults in proportion, below it', async () => {
    const result = await scoreGraph(database.db, groomerAndScammer());
    expect(result.signal('groomer', 'contacted_younger_minors')?.value).toBe(12);
    expect(result.signal('scammer', 'contacted_younger_minors')?.value ?? 12).toBe(12);
    expect(result.score('scammer')).toBeLessThan(result.score('groomer') / 4);
    expect(result.signal('groomer', 'bulk_messaging')).toBeUndefined();
    expect(result.signal('scammer', 'bulk_messaging')?.evidence).toBe(
      'started 42 conversations with accounts of all ages, 29% of them with younger minors where chance gives 35%; 33% answered, ' +
        'blocked by 8 adults as well as 3 minors, no pictures sent to minors: volume rather than a preference for minors, contact signals ×0.1',
    );
    expect(result.signal('scammer', 'blocked_by_minors')?.evidence).toBe('blocked by 3 younger minors (volume, not a preference for minors: ×0.1)');

    // A scoped re-score (as after an import) gathers the audience another way and must agree.
    await database.db.transaction((tx) => rescoreAccounts(tx, ['scammer', 'groomer'], { asOf: AS_OF }));
    const rescored = await readScores(database.db);
    expect(rescored.signal('scammer', 'bulk_messaging')?.evidence).toBe(result.signal('scammer', 'bulk_messaging')?.evidence);
    expect(rescored.score('scammer')).toBe(result.score('scammer'));
    expect(rescored.score('groomer')).toBe(result.score('groomer'));
  });

  it('weighs down an account whose minors came to it (a streamer) by its audience, not the population', async () => {
    const graph = new Graph();
    graph.person('streamer', { age: 19 });
    const fans = [...strangers(graph, 'fan', 40, 13), ...strangers(graph, 'viewer', 20, 30)];
    fans.forEach((fan, i) => graph.talk(fan, 'streamer', { fromInitiator: 6, fromRecipient: 1, mediaFromInitiator: i % 3 === 0 ? 1 : 0 }));
    // Giveaway winners drawn from the same audience: two in three are children.
    for (const winner of strangers(graph, 'winner', 6, 13)) graph.talk('streamer', winner, { fromInitiator: 4, fromRecipient: 4 });
    for (const winner of strangers(graph, 'adult-winner', 3, 30)) graph.talk('streamer', winner, { fromInitiator: 4, fromRecipient: 4 });
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('streamer', 'public_audience')?.evidence).toMatch(
      /^60 accounts wrote to it first, 67% of them younger minors; of the 9 it wrote to first 67% were younger minors, not clearly more than its audience gives, no pictures sent to minors: contact signals ×0\.1$/,
    );
    expect(result.signal('streamer', 'media_from_minors')?.evidence).toMatch(/\(volume, not a preference for minors: ×0\.1\)$/);
    expect(result.score('streamer')).toBeLessThan(5);
  });

  /**
   * A patient groomer: four unrelated 13-year-olds, each conversation started six months ago and
   * still going, hundreds of messages to the child's few dozen, pictures from three of them, one
   * report. A coach: a team of fourteen who all know each other, team photos, an annoyed child.
   */
  function patientAndCoach(): Graph {
    const graph = new Graph();
    graph.person('patient', { age: 41 });
    strangers(graph, 'child', 4, 13).forEach((kid, i) =>
      graph.talk('patient', kid, { fromInitiator: 600 + 50 * i, fromRecipient: 150, mediaFromRecipient: i < 3 ? 4 : 0, daysAgo: 180 - 10 * i, lastDaysAgo: 2 }),
    );
    graph.report('child-1', 'patient', 'grooming', 'he is really nice but says not to tell my mum we talk');
    for (const friend of strangers(graph, 'colleague', 8, 40)) graph.talk('patient', friend);

    graph.person('coach', { age: 38, check: 'adult' });
    const team = graph.people('player', 14, { age: 13 });
    graph.clique(team);
    team.forEach((kid, i) => graph.talk('coach', kid, { fromInitiator: 120, fromRecipient: 30, mediaFromRecipient: i < 3 ? 1 : 0, daysAgo: 200, lastDaysAgo: 3 }));
    graph.block('player-1', 'coach');
    graph.block('player-2', 'coach');
    graph.report('player-3', 'coach', 'other', 'too many messages about practice, even on sundays');
    return graph;
  }

  it('ranks a patient groomer with four targets over six months above a coach', async () => {
    const result = await scoreGraph(database.db, patientAndCoach());
    const depth = result.signal('patient', 'sustained_contact');
    expect(depth?.evidence).toBe(
      'kept up 4 long conversations with younger minors who know none of its other young contacts, over 5–6 months: ' +
        'it wrote 2700 messages to their 600 (4.5× as many); 3 of them sent it photos or videos',
    );
    expect(depth?.pattern).toBe('adult_contacting_minors');
    // Three conversations beyond the one any adult may have, ten points each, and five per child who sent pictures.
    expect(depth?.weight).toBe(40);
    expect(result.signal('coach', 'sustained_contact')).toBeUndefined();
    expect(result.score('patient')).toBeGreaterThan(2 * result.score('coach'));
  });

  it('leaves one long conversation alone (a niece, a godchild), and counts a short burst as nothing deep', async () => {
    const graph = new Graph();
    graph.person('uncle', { age: 45 });
    graph.talk('uncle', graph.person('niece', { age: 12 }), { fromInitiator: 500, fromRecipient: 120, mediaFromRecipient: 5, daysAgo: 300, lastDaysAgo: 1 });
    graph.person('burst', { age: 30 });
    for (const kid of strangers(graph, 'kid', 4, 13)) graph.talk('burst', kid, { fromInitiator: 400, fromRecipient: 80, daysAgo: 20, lastDaysAgo: 5 });
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('uncle', 'sustained_contact')).toBeUndefined();
    expect(result.signal('burst', 'sustained_contact')).toBeUndefined();
  });
});
