'use client';

import dynamic from 'next/dynamic';

// The charts' library (recharts, ~125 KB gzip) loads after the page is shown instead of before it:
// it kept four routes over the 250 KB first-load budget (docs/performance.md, "Pages"). Charts size
// themselves to the browser's width, so rendering them on the server drew nothing anyway.
export const StatsCharts = dynamic(() => import('@/components/triage/stats-charts').then((module) => module.StatsCharts), { ssr: false });
export const TeamCharts = dynamic(() => import('@/components/staff/team-charts').then((module) => module.TeamCharts), { ssr: false });
export const ContactTimeline = dynamic(() => import('@/components/graph/contact-timeline').then((module) => module.ContactTimeline), { ssr: false });
