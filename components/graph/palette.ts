import type { AgeBand } from '@/lib/platform/age-band';

/** One colour per claimed age band, shared by the graph, its legend and the timeline (each ≥ 3:1 on white). */
export const BAND_COLOURS: Record<AgeBand, string> = {
  under_13: '#b91c1c',
  '13_15': '#c2410c',
  '16_17': '#a16207',
  adult: '#1d4ed8',
  unknown: '#64748b',
};

export const MEDIA_COLOUR = '#7c3aed';
export const LINK_COLOUR = '#0f766e';
export const EDGE_COLOUR = '#94a3b8';
