'use client';

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { REPORT_CATEGORIES, type ReportCategory } from '@/lib/platform/contract';
import type { TriageStats } from '@/lib/triage/stats';
import { Card } from '@/components/ui/page';
import { CATEGORY_LABELS } from './labels';

const CATEGORY_COLOURS: Record<ReportCategory, string> = {
  grooming: '#be123c',
  sexual_content: '#e11d48',
  age_misrepresentation: '#f97316',
  self_harm: '#7c3aed',
  harassment: '#0284c7',
  spam: '#94a3b8',
  other: '#64748b',
};
const ACTION_KINDS = ['acknowledged', 'dismissed', 'resolved', 'escalated', 'commented'] as const;
const KIND_COLOURS = ['#0ea5e9', '#94a3b8', '#16a34a', '#f59e0b', '#a855f7'];

/** The stats page's charts (recharts): open work by queue and category, daily flow and handling time, actions per moderator. */
export function StatsCharts(props: {
  queues: { id: string; name: string }[];
  openByQueueAndCategory: TriageStats['openByQueueAndCategory'];
  actionsByModerator: TriageStats['actionsByModerator'];
  daily: TriageStats['daily'];
}) {
  const byQueue = props.queues.map((queue) => ({
    queue: queue.name,
    ...Object.fromEntries(
      props.openByQueueAndCategory.filter((row) => row.queueId === queue.id).map((row) => [row.category, row.items]),
    ),
  }));
  const moderators = [...new Set(props.actionsByModerator.map((row) => row.email ?? row.staffId))];
  const byModerator = moderators.map((moderator) => ({
    moderator,
    ...Object.fromEntries(
      props.actionsByModerator.filter((row) => (row.email ?? row.staffId) === moderator).map((row) => [row.kind, row.actions]),
    ),
  }));

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Open items per queue and category">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={byQueue}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="queue" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            {REPORT_CATEGORIES.map((category) => (
              <Bar key={category} dataKey={category} name={CATEGORY_LABELS[category]} stackId="open" fill={CATEGORY_COLOURS[category]} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Card>
      <Card title="Items arrived and decided per day">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={props.daily}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            <Bar dataKey="created" name="Arrived" fill="#0284c7" />
            <Bar dataKey="closed" name="Decided" fill="#16a34a" />
          </BarChart>
        </ResponsiveContainer>
      </Card>
      <Card title="Median minutes to resolution per day">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={props.daily}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={12} />
            <YAxis fontSize={12} />
            <Tooltip />
            <Line type="monotone" dataKey="medianMinutesToResolution" name="Median minutes" stroke="#7c3aed" connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </Card>
      <Card title="Actions per moderator">
        {byModerator.length === 0 ? (
          <p className="text-sm text-slate-600">No actions in this period.</p>
        ) : (
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={byModerator} layout="vertical">
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} fontSize={12} />
              <YAxis type="category" dataKey="moderator" width={180} fontSize={12} />
              <Tooltip />
              <Legend />
              {ACTION_KINDS.map((kind, index) => (
                <Bar key={kind} dataKey={kind} stackId="actions" fill={KIND_COLOURS[index]} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        )}
      </Card>
    </div>
  );
}
