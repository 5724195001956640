'use client';

import { useMemo } from 'react';
import { usePaletteCommands } from '../keyboard/keyboard-layer';

/** Puts every queue the moderator may see into the command palette. */
export function QueuePaletteCommands({ queues }: { queues: { id: string; name: string }[] }) {
  const commands = useMemo(
    () => queues.map((queue) => ({ id: `queue:${queue.id}`, group: 'Queues', label: `Open queue: ${queue.name}`, href: `/queues?queue=${queue.id}` })),
    [queues],
  );
  usePaletteCommands('queues', commands);
  return null;
}
