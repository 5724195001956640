'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { AGE_BAND_LABELS } from '@/components/format';
import type { TimelineWeek } from '@/lib/graph/ego';
import { AGE_BANDS } from '@/lib/platform/age-band';
import { BAND_COLOURS } from './palette';

/** Bands youngest first, then the marks (recharts would sort the legend by name). */
const LEGEND_ORDER: string[] = [...AGE_BANDS, 'blocked', 'reported'];

/**
 * First contacts per week by the other person's claimed age band (stacked bars), with the weeks in
 * which this account was blocked or reported marked above them: a burst of new young contacts
 * stands out, and so does what followed it.
 */
export function ContactTimeline({ weeks }: { weeks: TimelineWeek[] }) {
  const rows = weeks.map((week) => {
    const total = AGE_BANDS.reduce((n, band) => n + week.firstContacts[band], 0);
    return {
      week: week.week,
      ...week.firstContacts,
      total,
      // Marks sit just above the week's bar.
      blocked: week.blocks > 0 ? total + 0.5 : null,
      reported: week.reports > 0 ? total + 1 : null,
      blocks: week.blocks,
      reports: week.reports,
    };
  });
  const busiest = rows.reduce<(typeof rows)[number] | null>((best, row) => (!best || row.total > best.total ? row : best), null);
  const young = weeks.reduce((n, w) => n + w.firstContacts.under_13 + w.firstContacts['13_15'] + w.firstContacts['16_17'], 0);
  const blocks = weeks.reduce((n, w) => n + w.blocks, 0);
  const reports = weeks.reduce((n, w) => n + w.reports, 0);
  return (
    <figure>
      <div role="img" aria-label={`First contacts per week over ${weeks.length} weeks: ${young} with minors; ${blocks} blocks and ${reports} reports marked.`} className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" fontSize={11} minTickGap={24} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => LEGEND_ORDER.indexOf(String(item.dataKey))} />
            {AGE_BANDS.map((band) => (
              <Bar key={band} dataKey={band} name={AGE_BAND_LABELS[band]} stackId="first" fill={BAND_COLOURS[band]} isAnimationActive={false} />
            ))}
            <Scatter dataKey="blocked" name="Blocked that week" fill="#111827" shape="diamond" isAnimationActive={false} />
            <Scatter dataKey="reported" name="Reported that week" fill="#7f1d1d" shape="triangle" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-1 text-xs text-slate-700" data-testid="timeline-summary">
        {weeks.length === 0
          ? 'No first contacts under this filter.'
          : `${young} first contacts with minors; busiest week ${busiest?.week} with ${busiest?.total} first contacts; ${blocks} ${blocks === 1 ? 'block' : 'blocks'} and ${reports} ${reports === 1 ? 'report' : 'reports'} marked.`}
      </figcaption>
    </figure>
  );
}
