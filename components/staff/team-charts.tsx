'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card } from '@/components/ui/page';
import type { ModeratorFigures } from '@/lib/staff/figures';

const COLOURS = ['#0284c7', '#16a34a', '#f59e0b', '#7c3aed', '#be123c', '#0f766e', '#64748b', '#ea580c'];
const who = (row: ModeratorFigures) => row.name ?? row.email ?? row.staffId.slice(0, 8);

/** Team figures as charts: items handled per period and moderator, decisions by kind, handling time and exposure. */
export function TeamCharts({ rows, totals, decisionKinds }: { rows: ModeratorFigures[]; totals: ModeratorFigures[]; decisionKinds: string[] }) {
  const people = totals.map(who);
  const periods = [...new Set(rows.map((row) => row.period))].sort();
  const handled = periods.map((period) => ({
    period,
    ...Object.fromEntries(rows.filter((row) => row.period === period).map((row) => [who(row), row.itemsHandled])),
  }));
  const byKind = totals.map((row) => ({ moderator: who(row), ...row.decisions }));
  const perPerson = totals.map((row) => ({
    moderator: who(row),
    median: row.medianHandlingMinutes ?? 0,
    childItems: row.childSafetyItems,
    childViews: row.childSafetyViews,
    overturned: row.overturned,
  }));

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Items handled per period">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={handled}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="period" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            {people.map((person, index) => (
              <Bar key={person} dataKey={person} fill={COLOURS[index % COLOURS.length]} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Card>
      <Card title="Decisions by kind">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={byKind}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="moderator" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            {decisionKinds.map((kind, index) => (
              <Bar key={kind} dataKey={kind} stackId="kinds" fill={COLOURS[index % COLOURS.length]} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Card>
      <Card title="Median handling time (minutes)">
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={perPerson}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="moderator" fontSize={12} />
            <YAxis fontSize={12} />
            <Tooltip />
            <Bar dataKey="median" name="Median minutes" fill="#7c3aed" />
          </BarChart>
        </ResponsiveContainer>
      </Card>
      <Card title="Child-safety exposure and overturns">
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={perPerson}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="moderator" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            <Bar dataKey="childItems" name="Child-safety items" fill="#be123c" />
            <Bar dataKey="childViews" name="Child-safety reviews opened" fill="#f97316" />
            <Bar dataKey="overturned" name="Overturned on appeal" fill="#64748b" />
          </BarChart>
        </ResponsiveContainer>
      </Card>
    </div>
  );
}
