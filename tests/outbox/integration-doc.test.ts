import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTBOX_EVENT_DATA } from '@/lib/outbox/events';

/** docs/integration.md is the chat app's contract: it must name every event and every field Lookout sends. */
describe('docs/integration.md', () => {
  const doc = readFileSync('docs/integration.md', 'utf8');
  const rows = doc.split('\n').filter((line) => line.startsWith('| `'));

  it.each(Object.entries(OUTBOX_EVENT_DATA))('documents %s with each of its fields', (type, schema) => {
    const row = rows.find((line) => line.includes(`\`${type}\``));
    expect(row, `no table row for ${type}`).toBeDefined();
    for (const field of Object.keys(schema.shape)) expect(row, `${type} lacks ${field}`).toContain(`\`${field}\``);
  });
});
