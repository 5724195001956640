import type { WellnessToday } from '@/lib/wellness/wellness';

/** The moderator's own count of child-safety work today, and past the admin's threshold a quiet suggestion to pause. */
export function WellnessNote({ today }: { today: WellnessToday }) {
  return (
    <div className="mb-4 text-sm text-slate-700" data-testid="wellness-note">
      <p>
        You handled {today.handled} child-safety {today.handled === 1 ? 'item' : 'items'} today.
      </p>
      {today.suggestBreak ? (
        <p role="status" className="mt-1 rounded border border-teal-200 bg-teal-50 px-3 py-2 text-teal-900" data-testid="break-prompt">
          That is a lot of difficult material for one day. Consider stepping away for a few minutes — a walk, some water, a word with a colleague. The queue will keep.
        </p>
      ) : null}
    </div>
  );
}
