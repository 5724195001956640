'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { HotkeysProvider, useHotkeys } from 'react-hotkeys-hook';
import type { NavItem } from '../nav-items';
import { CommandPalette, type PaletteCommand } from './command-palette';
import { HelpOverlay } from './help-overlay';

type Register = (owner: string, commands: PaletteCommand[]) => () => void;
const CommandsContext = createContext<Register | null>(null);

/**
 * Keyboard layer of the signed-in console: Ctrl-K (⌘K) opens the command palette, `?` lists
 * every shortcut the current page registered. Pages add palette commands with usePaletteCommands
 * and shortcuts with react-hotkeys-hook's useHotkeys (a `description` puts them in the help).
 */
export function KeyboardLayer({ nav, children }: { nav: NavItem[]; children: ReactNode }) {
  return (
    <HotkeysProvider>
      <Layer nav={nav}>{children}</Layer>
    </HotkeysProvider>
  );
}

function Layer({ nav, children }: { nav: NavItem[]; children: ReactNode }) {
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [pageCommands, setPageCommands] = useState<Record<string, PaletteCommand[]>>({});

  useHotkeys('mod+k', () => setPaletteOpen((open) => !open), {
    enableOnFormTags: true,
    preventDefault: true,
    description: 'Open the command palette',
  });
  // Matched on the character typed, whatever the layout and however Shift is reported.
  useHotkeys('?', () => setHelpOpen((open) => !open), { useKey: true, ignoreModifiers: true, description: 'Show these shortcuts' });
  useHotkeys('escape', () => setHelpOpen(false), { enabled: helpOpen });

  const register = useCallback<Register>((owner, commands) => {
    setPageCommands((current) => ({ ...current, [owner]: commands }));
    return () =>
      setPageCommands((current) => {
        const { [owner]: _removed, ...rest } = current;
        return rest;
      });
  }, []);

  const commands = useMemo(
    () => [
      ...Object.values(pageCommands).flat(),
      ...nav.map((item) => ({ id: `nav:${item.href}`, group: 'Go to', label: item.label, href: item.href })),
    ],
    [nav, pageCommands],
  );

  return (
    <CommandsContext.Provider value={register}>
      {children}
      {paletteOpen ? <CommandPalette commands={commands} onClose={() => setPaletteOpen(false)} /> : null}
      {helpOpen ? <HelpOverlay onClose={() => setHelpOpen(false)} /> : null}
    </CommandsContext.Provider>
  );
}

/** Adds a page's commands to the palette while the page is shown. */
export function usePaletteCommands(owner: string, commands: PaletteCommand[]): void {
  const register = useContext(CommandsContext);
  useEffect(() => register?.(owner, commands), [register, owner, commands]);
}
