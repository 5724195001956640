'use client';

import { useHotkeysContext } from 'react-hotkeys-hook';

/** Readable key names: "mod+k" → "Ctrl K", "mod+enter" → "Ctrl Enter". */
function keyLabel(hotkey: string): string {
  return hotkey
    .split(',')
    .map((combo) =>
      combo
        .trim()
        .replace('mod+', 'Ctrl ')
        .replace('ctrl+', 'Ctrl ')
        .replace('enter', 'Enter')
        .replace('escape', 'Esc'),
    )
    .join(' / ');
}

/** `?`: every shortcut registered with a description on this page, and the global ones. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { hotkeys } = useHotkeysContext();
  const described = hotkeys.filter((hotkey) => hotkey.description);
  const unique = described.filter((hotkey, index) => described.findIndex((other) => other.description === hotkey.description) === index);
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/30 pt-24" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-5 shadow-xl"
        onClick={(event) => event.stopPropagation()}
      >
        <div className="mb-3 flex items-center justify-between">
          <h2 className="text-sm font-semibold text-slate-800">Keyboard shortcuts</h2>
          <button type="button" onClick={onClose} className="text-xs text-slate-600 hover:underline">
            Close (Esc)
          </button>
        </div>
        <dl className="grid grid-cols-[7rem_1fr] gap-y-1.5 text-sm">
          {unique.map((hotkey) => (
            <div key={`${hotkey.hotkey}-${hotkey.description}`} className="contents">
              <dt>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{keyLabel(hotkey.hotkey)}</kbd>
              </dt>
              <dd className="text-slate-700">{hotkey.description}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
