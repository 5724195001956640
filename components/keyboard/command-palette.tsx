'use client';

import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export interface PaletteCommand {
  id: string;
  group: string;
  label: string;
  href?: string;
  run?: () => void;
  shortcut?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ctrl-K: type to filter pages and actions, or paste an account id or an item id to jump to it. */
export function CommandPalette({ commands, onClose }: { commands: PaletteCommand[]; onClose: () => void }) {
  const router = useRouter();
  const [search, setSearch] = useState('');
  const typed = search.trim();

  function choose(command: PaletteCommand) {
    onClose();
    if (command.run) command.run();
    else if (command.href) router.push(command.href);
  }

  const jumps: PaletteCommand[] = typed
    ? [
        ...(UUID.test(typed) ? [{ id: 'jump:item', group: 'Jump', label: `Open review item ${typed}`, href: `/review/${typed}` }] : []),
        { id: 'jump:account', group: 'Jump', label: `Open account ${typed}`, href: `/accounts/${encodeURIComponent(typed)}` },
      ]
    : [];
  const groups = [...new Set([...commands, ...jumps].map((command) => command.group))];

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/30 pt-24" onClick={onClose}>
      <Command
        label="Command palette"
        loop
        className="w-full max-w-lg overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xl"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
      >
        <Command.Input
          autoFocus
          value={search}
          onValueChange={setSearch}
          placeholder="Go to a page, run an action, or paste an id…"
          className="w-full border-b border-slate-200 px-4 py-3 text-sm outline-none"
        />
        <Command.List className="max-h-80 overflow-y-auto p-2 text-sm">
          <Command.Empty className="px-3 py-2 text-slate-600">Nothing matches.</Command.Empty>
          {groups.map((group) => (
            <Command.Group key={group} heading={group} className="text-xs text-slate-600 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1">
              {[...commands, ...jumps]
                .filter((command) => command.group === group)
                .map((command) => (
                  <Command.Item
                    key={command.id}
                    value={`${command.group} ${command.label}`}
                    // Jumps always show: they carry what was typed.
                    forceMount={command.group === 'Jump'}
                    onSelect={() => choose(command)}
                    className="flex cursor-pointer items-center justify-between rounded px-3 py-2 text-sm text-slate-800 data-[selected=true]:bg-slate-100"
                  >
                    <span>{command.label}</span>
                    {command.shortcut ? <kbd className="rounded border border-slate-300 px-1.5 text-xs text-slate-600">{command.shortcut}</kbd> : null}
                  </Command.Item>
                ))}
            </Command.Group>
          ))}
        </Command.List>
      </Command>
    </div>
  );
}
