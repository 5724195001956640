import { describe, expect, it } from 'vitest';
import { queueViewQuery } from '@/lib/triage/listing';
import { bulkViewSchema, describeView, viewFingerprint, viewProblems } from '@/lib/triage/view';

describe('queue view parameters', () => {
  it('reads "Any" (an empty select) as no filter on that field', () => {
    expect(queueViewQuery.parse({ queue: 'everything-else', sort: 'priority', category: 'spam', ageBand: '', assigned: 'any', overdue: '' })).toEqual({
      queue: 'everything-else',
      sort: 'priority',
      category: 'spam',
      assigned: 'any',
    });
    expect(queueViewQuery.parse({ category: '', ageBand: '', sort: '' })).toEqual({ sort: 'priority', assigned: 'any' });
  });

  it('names the parameter in every message, never a raw schema message', () => {
    const parsed = queueViewQuery.safeParse({ category: 'spamm', ageBand: ['adult', 'under_13'], sort: 'risk' });
    expect(parsed.success).toBe(false);
    expect(viewProblems(parsed.error!)).toEqual([
      'sort: choose priority, oldest, newest or reports',
      'category: not a report category',
      'ageBand: not an age band of the reported account',
    ]);
  });

  it('fingerprints what a view filters on: equal for the same filter, different when any condition differs', () => {
    const seen = bulkViewSchema.parse({ queue: 'everything-else', category: 'spam', ageBand: '' });
    expect(viewFingerprint(seen)).toMatch(/^[0-9a-f]{16}$/);
    expect(viewFingerprint(bulkViewSchema.parse({ queue: 'everything-else', category: 'spam', sort: 'oldest' }))).toBe(viewFingerprint(seen));
    for (const other of [{ queue: 'everything-else' }, { queue: 'child-safety', category: 'spam' }, { queue: 'everything-else', category: 'spam', overdue: '1' }, { queue: 'everything-else', category: 'spam', assigned: 'mine' }]) {
      expect(viewFingerprint(bulkViewSchema.parse(other))).not.toBe(viewFingerprint(seen));
    }
  });

  it('states the filter in words', () => {
    const view = bulkViewSchema.parse({ queue: 'everything-else', category: 'spam' });
    expect(describeView(view, { queueName: 'Everything else', category: (c) => c.toUpperCase(), ageBand: (b) => b }).join(' · ')).toBe(
      "queue Everything else · category SPAM · any reported account's age · assigned to anyone or no one · overdue or not",
    );
  });
});
