import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { openTestDatabase, testEngine } from '../helpers/db';
import { rescoreAccounts, scoreAll } from '@/lib/risk/score';
import { ADMIN, AS_OF, Graph, readScores, scoreGraph } from './graph';
import { ctxOf } from '../helpers/context';

/** Contact, block and report signals, each on a small hand-built graph. */
describe(`behaviour signals on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  /** `count` children aged `age`, each from a different school: strangers to each other. */
  function strangers(graph: Graph, prefix: string, count: number, age: number): string[] {
    return graph.people(prefix, count, { age });
  }

  it('counts younger minors it wrote to first, and says when none of them know each other', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 34 });
    const kids = [...strangers(graph, 'k12-', 4, 12), ...strangers(graph, 'k14-', 4, 14)];
    for (const kid of kids) graph.talk('adult', kid, { fromInitiator: 30, fromRecipient: 12 });
    const result = await scoreGraph(database.db, graph);
    const signal = result.signal('adult', 'contacted_younger_minors');
    expect(signal?.evidence).toBe('initiated contact with 8 younger minors aged 12–14, none of whom know each other; 8 of them wrote back');
    expect(signal?.value).toBe(8);
    expect(signal?.pattern).toBe('adult_contacting_minors');
    // Eight answered strangers less the two any adult may have, five points each.
    expect(signal?.weight).toBe(30);
  });

  it('works when the platform exports no device clusters', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 34, device: null });
    for (const kid of graph.people('kid', 5, { age: 12, device: null })) {
      graph.talk('adult', kid, { fromInitiator: 30, fromRecipient: 12 });
      graph.block(kid, 'adult');
    }
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('adult', 'contacted_younger_minors')?.value).toBe(5);
    expect(result.signal('adult', 'blocked_by_minors')?.value).toBe(5);
  });

  it('counts minors who know each other (a class) for little', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 34 });
    const team = graph.people('player', 8, { age: 13 });
    graph.clique(team);
    for (const kid of team) graph.talk('adult', kid, { fromInitiator: 30, fromRecipient: 12 });
    const result = await scoreGraph(database.db, graph);
    const signal = result.signal('adult', 'contacted_younger_minors');
    expect(signal?.evidence).toMatch(/^initiated contact with 8 younger minors aged 13, all of whom know each other/);
    expect(signal!.weight).toBeLessThanOrEqual(2);
  });

  it('treats two contacts in common as knowing each other', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 34 });
    const kids = graph.people('kid', 8, { age: 13 });
    const friends = graph.people('friend', 2, { age: 13 });
    for (const kid of kids) for (const friend of friends) graph.talk(kid, friend);
    for (const kid of kids) graph.talk('adult', kid);
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('adult', 'contacted_younger_minors')?.evidence).toMatch(/all of whom know each other/);
  });

  it('does not count peers: a minor contacting minors of its own age', async () => {
    const graph = new Graph();
    graph.person('teen', { age: 14 });
    for (const kid of strangers(graph, 'peer', 10, 13)) graph.talk('teen', kid);
    const result = await scoreGraph(database.db, graph);
    expect(result.signals('teen')).toEqual([]);
  });

  it('finds lopsided conversations: it writes far more than the children answer', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 40 });
    for (const kid of strangers(graph, 'kid', 5, 13)) graph.talk('adult', kid, { fromInitiator: 120, fromRecipient: 15 });
    const result = await scoreGraph(database.db, graph);
    const signal = result.signal('adult', 'lopsided_conversations');
    expect(signal?.evidence).toBe('wrote at least 2 times as much as the minor in 5 of the 5 conversations it started that got a reply');
    expect(signal?.weight).toBe(10);
  });

  it('balanced conversations are not lopsided', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 40 });
    for (const kid of strangers(graph, 'kid', 5, 13)) graph.talk('adult', kid, { fromInitiator: 30, fromRecipient: 28 });
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('adult', 'lopsided_conversations')).toBeUndefined();
  });

  it('counts younger minors who sent it media, beyond the two any family has', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 40 });
    strangers(graph, 'kid', 5, 13).forEach((kid, i) => graph.talk(kid, 'adult', { mediaFromInitiator: i < 4 ? 3 : 0 }));
    const result = await scoreGraph(database.db, graph);
    const signal = result.signal('adult', 'media_from_minors');
    expect(signal?.evidence).toBe('4 younger minors sent it photos or videos');
    expect(signal?.pattern).toBe('image_solicitation');
    expect(signal?.weight).toBe(12);
  });

  it('ignores conversations on a shared family device', async () => {
    const graph = new Graph();
    graph.person('parent', { age: 44, device: 'family-tablet' });
    graph.people('child', 3, { age: 12, device: 'family-tablet' }).forEach((kid) => graph.talk(kid, 'parent', { mediaFromInitiator: 5 }));
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('parent', 'media_from_minors')).toBeUndefined();
  });

  it('counts younger minors who blocked it', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 40 });
    for (const kid of strangers(graph, 'kid', 3, 13)) graph.block(kid, 'adult');
    graph.person('grownup', { age: 35 });
    graph.block('grownup', 'adult');
    const result = await scoreGraph(database.db, graph);
    const signal = result.signal('adult', 'blocked_by_minors');
    expect(signal?.evidence).toBe('blocked by 3 younger minors');
    expect(signal?.weight).toBe(15);
  });

  it('counts grooming reports by distinct reporter and law-enforcement reports; spam and harassment score nothing', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 40 });
    graph.people('reporter', 3, { age: 13 });
    graph.report('reporter1', 'adult', 'grooming', 'creepy');
    graph.report('reporter1', 'adult', 'grooming', 'still creepy');
    graph.report('reporter2', 'adult', 'sexual_content', 'gross');
    graph.report(null, 'adult', 'grooming', 'preservation request', 'law_enforcement');
    graph.person('noisy', { age: 40 });
    graph.report('reporter3', 'noisy', 'spam', 'links');
    graph.report('reporter1', 'noisy', 'harassment', 'mean');
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('adult', 'grooming_reports')).toMatchObject({ value: 3, weight: 30 });
    expect(result.signal('adult', 'law_enforcement_report')?.evidence).toBe('reported by law enforcement (1 report)');
    expect(result.signals('noisy')).toEqual([]);
  });

  it('reads report text for image requests, meetings and moves to another app, but not in spam reports', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 40 });
    graph.people('kid', 4, { age: 13 });
    graph.report('kid1', 'adult', 'harassment', 'he keeps asking me to send pics');
    graph.report('kid2', 'adult', 'other', 'wants to meet up after school');
    graph.report('kid3', 'adult', 'grooming', 'told me to add him on snap and asked for a selfie');
    graph.report('kid4', 'adult', 'spam', 'join my telegram channel');
    graph.person('bully', { age: 13 });
    graph.report('kid1', 'bully', 'harassment', 'posted an embarrassing photo of me');
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('adult', 'image_request_cues')).toMatchObject({ value: 2, pattern: 'image_solicitation', evidence: '2 reports mention requests for images' });
    expect(result.signal('adult', 'meeting_request_cues')).toMatchObject({ value: 1, pattern: 'meeting_request' });
    expect(result.signal('adult', 'off_platform_cues')).toMatchObject({ value: 1, pattern: 'off_platform_move' });
    expect(result.signals('bully')).toEqual([]);
    expect(result.row('adult')?.patterns).toBe('{image_solicitation,meeting_request,off_platform_move}');
  });

  it('weighs down bulk messaging to all ages, and ignores its unanswered messages', async () => {
    const graph = new Graph();
    graph.person('bot', { age: null });
    const kids = strangers(graph, 'kid', 20, 13);
    const grownups = strangers(graph, 'grown', 40, 35);
    for (const account of [...kids, ...grownups]) graph.talk('bot', account, { fromInitiator: 1, fromRecipient: 0 });
    for (const kid of kids.slice(0, 4)) graph.block(kid, 'bot');
    const result = await scoreGraph(database.db, graph);
    expect(result.signal('bot', 'bulk_messaging')?.evidence).toBe(
      'started 60 conversations with accounts of all ages, 33% of them with younger minors where chance gives 33%; 0% answered, no pictures sent to minors: ' +
        'volume rather than a preference for minors, contact signals ×0.1',
    );
    expect(result.signal('bot', 'contacted_younger_minors')).toBeUndefined();
    expect(result.score('bot')).toBeLessThan(10);

    // A scoped re-score (as after an import) finds its conversations another way and must agree.
    await database.db.transaction((tx) => rescoreAccounts(tx, ['bot'], { asOf: AS_OF }));
    const rescored = await readScores(database.db);
    expect(rescored.signal('bot', 'bulk_messaging')?.evidence).toBe(result.signal('bot', 'bulk_messaging')?.evidence);
    expect(rescored.score('bot')).toBe(result.score('bot'));
  });

  it('tells its caller each step as it starts, in the order the run takes them', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 30 });
    for (const kid of strangers(graph, 'kid', 3, 12)) graph.talk('adult', kid, { fromInitiator: 5, fromRecipient: 1 });
    await scoreGraph(database.db, graph);
    const steps: string[] = [];
    const result = await scoreAll(ctxOf(database.db, ADMIN), { asOf: AS_OF, onStep: (step) => steps.push(step) });
    expect(steps).toEqual(Object.keys(result.timings));
    expect(steps.indexOf('contact edges')).toBeGreaterThan(steps.indexOf('ages'));
    // Then the run keeps every account's age and every minor–older edge for the incremental runs after it.
    expect(steps.slice(-5)).toEqual(['store', 'kept ages: differences', 'kept ages', 'kept edges: differences', 'kept edges']);
  });

  it('scales a minor contacting much younger minors by the age gap', async () => {
    const graph = new Graph();
    graph.person('senior', { age: 17 });
    for (const kid of strangers(graph, 'kid', 8, 12)) graph.talk('senior', kid, { fromInitiator: 30, fromRecipient: 12 });
    const result = await scoreGraph(database.db, graph);
    const signal = result.signal('senior', 'contacted_younger_minors');
    expect(signal?.evidence).toMatch(/\(it claims 17 itself: ×0\.5\)$/);
    expect(signal?.weight).toBe(15);
  });

  it('stores a score that is the sum of its signals, with every reason', async () => {
    const graph = new Graph();
    graph.person('adult', { age: 40, check: 'adult' });
    for (const kid of strangers(graph, 'kid', 6, 13)) {
      graph.talk('adult', kid, { fromInitiator: 100, fromRecipient: 10, mediaFromRecipient: 1 });
      graph.block(kid, 'adult');
    }
    const result = await scoreGraph(database.db, graph);
    const total = result.signals('adult').reduce((sum, s) => sum + s.weight, 0);
    expect(result.score('adult')).toBeCloseTo(total, 5);
    expect(result.signals('adult').map((s) => s.code).sort()).toEqual([
      'blocked_by_minors',
      'contacted_younger_minors',
      'lopsided_conversations',
      'media_from_minors',
      'prefers_younger_minors',
    ]);
  });
});
