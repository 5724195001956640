'use client';

import type { Core, ElementDefinition, StylesheetJson } from 'cytoscape';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { AGE_BAND_LABELS, formatNumber } from '@/components/format';
import type { EgoGraph } from '@/lib/graph/ego';
import { AGE_BANDS } from '@/lib/platform/age-band';
import { BAND_COLOURS, EDGE_COLOUR, LINK_COLOUR, MEDIA_COLOUR } from './palette';

/** What the drawing needs of an ego graph (lib/graph/ego.ts), as the page hands it down. */
export type ContactGraphData = Pick<EgoGraph, 'center' | 'hubs' | 'links' | 'counts' | 'limits'> & {
  peers: Pick<
    EgoGraph['peers'][number],
    'id' | 'username' | 'band' | 'riskScore' | 'initiatedByAccount' | 'messagesSent' | 'messagesReceived' | 'mediaSent' | 'mediaReceived' | 'blockedByPeer' | 'blockedByAccount' | 'reportsByPeer' | 'reportsByAccount'
  >[];
};

const PER_RING = 48;

function short(name: string, max = 16): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

function label(name: string, risk: number | null): string {
  return risk !== null && risk > 0 ? `${short(name)}\nrisk ${Math.round(risk)}` : short(name);
}

/** Peers in an order that puts those who talk to each other side by side on the ring (a walk over the links, biggest web first). */
function ringOrder(data: ContactGraphData): ContactGraphData['peers'] {
  const neighbours = new Map<string, string[]>();
  for (const link of data.links) {
    neighbours.set(link.a, [...(neighbours.get(link.a) ?? []), link.b]);
    neighbours.set(link.b, [...(neighbours.get(link.b) ?? []), link.a]);
  }
  const byId = new Map(data.peers.map((peer) => [peer.id, peer]));
  const seeds = [...data.peers].sort((x, y) => (neighbours.get(y.id)?.length ?? 0) - (neighbours.get(x.id)?.length ?? 0));
  const seen = new Set<string>();
  const ordered: ContactGraphData['peers'] = [];
  for (const seed of seeds) {
    if (seen.has(seed.id)) continue;
    const queue = [seed.id];
    seen.add(seed.id);
    while (queue.length) {
      const id = queue.shift()!;
      ordered.push(byId.get(id)!);
      for (const next of neighbours.get(id) ?? []) {
        if (!seen.has(next) && byId.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return ordered;
}

function elementsOf(data: ContactGraphData): ElementDefinition[] {
  const centerId = `n:${data.center.id}`;
  const elements: ElementDefinition[] = [
    {
      data: {
        id: centerId,
        accountId: data.center.id,
        label: label(data.center.username ?? data.center.id, data.center.riskScore),
        colour: BAND_COLOURS[data.center.band],
        size: 62,
        level: 1000,
      },
      classes: 'center',
    },
  ];
  ringOrder(data).forEach((peer, index) => {
    const id = `n:${peer.id}`;
    const risk = peer.riskScore ?? 0;
    elements.push({
      data: {
        id,
        accountId: peer.id,
        label: label(peer.username ?? peer.id, peer.riskScore),
        colour: BAND_COLOURS[peer.band],
        size: 18 + Math.min(18, risk / 6),
        level: 999 - Math.floor(index / PER_RING),
      },
      classes: [peer.blockedByPeer ? 'blocked' : '', peer.reportsByPeer > 0 ? 'reported' : '', risk > 0 ? 'risky' : ''].filter(Boolean).join(' '),
    });
    const messages = peer.messagesSent + peer.messagesReceived;
    elements.push({
      data: {
        id: `e:${peer.id}`,
        source: peer.initiatedByAccount ? centerId : id,
        target: peer.initiatedByAccount ? id : centerId,
        width: Math.min(9, 1 + Math.log2(1 + messages)),
      },
      classes: ['contact', peer.mediaSent + peer.mediaReceived > 0 ? 'media' : '', peer.blockedByPeer || peer.blockedByAccount ? 'blocked-edge' : ''].filter(Boolean).join(' '),
    });
  });
  if (data.hubs.length > 0) {
    elements.push({
      data: { id: 'hubs', label: `${data.hubs.length} hub${data.hubs.length === 1 ? '' : 's'}`, colour: '#475569', size: 30, level: 998 },
      classes: 'hub',
    });
    elements.push({ data: { id: 'e:hubs', source: centerId, target: 'hubs', width: 2 }, classes: 'hub-edge' });
  }
  for (const link of data.links) {
    elements.push({
      data: { id: `l:${link.a}~${link.b}`, source: `n:${link.a}`, target: `n:${link.b}`, width: Math.min(4, 0.5 + Math.log2(1 + link.messages) / 2) },
      classes: 'link',
    });
  }
  return elements;
}

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(label)',
      'font-size': 9,
      color: '#0f172a',
      'text-wrap': 'wrap',
      'text-valign': 'bottom',
      'text-margin-y': 2,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.75,
      'text-background-padding': '1px',
      'min-zoomed-font-size': 6,
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  {
    selector: 'node.center',
    style: {
      'border-width': 4,
      'border-color': '#0f172a',
      'font-size': 11,
      'font-weight': 'bold',
      'text-valign': 'center',
      'text-margin-y': 0,
      color: '#ffffff',
      'text-outline-color': '#0f172a',
      'text-outline-width': 2,
      'text-background-opacity': 0,
    },
  },
  { selector: 'node.risky', style: { 'border-width': 3, 'border-color': '#0f172a' } },
  { selector: 'node.blocked', style: { shape: 'diamond' } },
  { selector: 'node.reported', style: { 'border-width': 4, 'border-color': '#7f1d1d', 'border-style': 'double' } },
  { selector: 'node.hub', style: { shape: 'round-rectangle', 'font-style': 'italic' } },
  {
    selector: 'edge.contact',
    style: {
      width: 'data(width)',
      'line-color': EDGE_COLOUR,
      'target-arrow-color': EDGE_COLOUR,
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.6,
      'curve-style': 'straight',
    },
  },
  { selector: 'edge.media', style: { 'line-color': MEDIA_COLOUR, 'target-arrow-color': MEDIA_COLOUR } },
  { selector: 'edge.blocked-edge', style: { 'line-style': 'dashed' } },
  { selector: 'edge.hub-edge', style: { width: 2, 'line-color': '#cbd5e1', 'line-style': 'dotted' } },
  { selector: 'edge.link', style: { width: 'data(width)', 'line-color': LINK_COLOUR, opacity: 0.55, 'curve-style': 'straight' } },
];

/**
 * The contact graph of an account (cytoscape.js, drawn on a 2D canvas: no WebGL needed): the
 * account in the middle, its peers on rings around it coloured by claimed age band, arrows from
 * whoever wrote first, edge width by messages, and the links among peers who talk to each other.
 * Clicking a person opens their account. The same people are listed as links below for keyboards
 * and screen readers.
 */
export function ContactGraph({ data }: { data: ContactGraphData }) {
  const container = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let cy: Core | null = null;
    let cancelled = false;
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (cancelled || !container.current) return;
      const element = container.current;
      cy = cytoscape({
        container: element,
        elements: elementsOf(data),
        style: STYLE,
        layout: {
          name: 'concentric',
          concentric: (node) => node.data('level') as number,
          levelWidth: () => 1,
          // A handful of peers gets room to breathe; hundreds pack into rings.
          minNodeSpacing: data.peers.length <= 12 ? 56 : data.peers.length <= 48 ? 24 : 10,
          startAngle: (3 / 2) * Math.PI,
          animate: false,
        },
        userZoomingEnabled: false,
        boxSelectionEnabled: false,
        autoungrabify: true,
        minZoom: 0.2,
        maxZoom: 2,
      });
      cy.on('tap', 'node', (event) => {
        const accountId = event.target.data('accountId') as string | undefined;
        if (accountId && accountId !== data.center.id) router.push(`/accounts/${encodeURIComponent(accountId)}`);
      });
      cy.on('mouseover', 'node', (event) => {
        if (event.target.data('accountId') && event.target.data('accountId') !== data.center.id) element.style.cursor = 'pointer';
      });
      cy.on('mouseout', 'node', () => {
        element.style.cursor = '';
      });
      const publish = () => {
        // Where each person is drawn, for tests and tools that click a node (the canvas has no DOM per node).
        const positions: Record<string, [number, number]> = {};
        cy!.nodes().forEach((node) => {
          const id = node.data('accountId') as string | undefined;
          if (!id) return;
          const at = node.renderedPosition();
          positions[id] = [Math.round(at.x), Math.round(at.y)];
        });
        element.dataset.positions = JSON.stringify(positions);
      };
      cy.fit(undefined, 24);
      publish();
      cy.on('viewport resize', publish);
      setReady(true);
    });
    return () => {
      cancelled = true;
      cy?.destroy();
    };
  }, [data, router]);

  const { counts } = data;
  return (
    <div>
      <p className="mb-2 text-sm text-slate-800" data-testid="graph-summary">
        <strong>
          {formatNumber(counts.peers)} {counts.peers === 1 ? 'peer' : 'peers'}, {formatNumber(counts.mutualLinks)} mutual {counts.mutualLinks === 1 ? 'link' : 'links'}
        </strong>
        {counts.peers > 0 ? ` — ${formatNumber(counts.linkedPeers)} of the peers talk to another peer` : ''}
        {counts.hubs > 0 ? `; ${formatNumber(counts.hubs)} hub${counts.hubs === 1 ? '' : 's'} (${formatNumber(data.limits.hubDegree)}+ conversations each) collapsed` : ''}
        {counts.omitted > 0 ? `; ${formatNumber(counts.omitted)} older conversations past the first ${formatNumber(data.limits.peerCap)} not drawn` : ''}.
      </p>
      <div
        ref={container}
        role="img"
        aria-label={`Contact graph: ${counts.peers} peers, ${counts.mutualLinks} mutual links among them. The peers are listed as links below.`}
        data-testid="contact-graph"
        data-peer-count={counts.peers}
        data-mutual-links={counts.mutualLinks}
        data-ready={ready ? 'true' : 'false'}
        className="h-[30rem] w-full rounded border border-slate-200 bg-slate-50"
      />
      <GraphLegend />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-sky-800 underline">The {formatNumber(counts.peers + counts.hubs)} people in the graph, as a list</summary>
        <ul className="mt-1 columns-2 gap-6 md:columns-3" aria-label="People in the graph">
          {[...data.peers.map((peer) => ({ ...peer, hub: false })), ...data.hubs.map((hub) => ({ ...hub, riskScore: null, hub: true }))].map((peer) => (
            <li key={peer.id}>
              <Link href={`/accounts/${encodeURIComponent(peer.id)}`} className="text-sky-700 underline">
                {peer.username ?? peer.id}
              </Link>{' '}
              <span className="text-slate-700">
                {AGE_BAND_LABELS[peer.band]}
                {peer.initiatedByAccount ? ', it wrote first' : ', they wrote first'}
                {peer.riskScore ? `, risk ${Math.round(peer.riskScore)}` : ''}
                {peer.hub ? ', hub' : ''}
              </span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function Swatch({ colour, shape = 'circle' }: { colour: string; shape?: 'circle' | 'line' | 'dashed' | 'diamond' | 'double' }) {
  if (shape === 'line' || shape === 'dashed') {
    return <span aria-hidden className="inline-block h-0 w-6 border-t-[3px] align-middle" style={{ borderColor: colour, borderStyle: shape === 'dashed' ? 'dashed' : 'solid' }} />;
  }
  if (shape === 'diamond') return <span aria-hidden className="inline-block h-2.5 w-2.5 rotate-45 align-middle" style={{ background: colour }} />;
  if (shape === 'double') return <span aria-hidden className="inline-block h-3 w-3 rounded-full border-[3px] border-double align-middle" style={{ borderColor: '#7f1d1d', background: colour }} />;
  return <span aria-hidden className="inline-block h-3 w-3 rounded-full align-middle" style={{ background: colour }} />;
}

/** What the colours, shapes and lines mean. */
export function GraphLegend() {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend">
      {AGE_BANDS.map((band) => (
        <li key={band} className="flex items-center gap-1">
          <Swatch colour={BAND_COLOURS[band]} /> {AGE_BAND_LABELS[band]}
        </li>
      ))}
      <li className="flex items-center gap-1">
        <Swatch colour={EDGE_COLOUR} shape="line" /> conversation, arrow from who wrote first, wider with more messages
      </li>
      <li className="flex items-center gap-1">
        <Swatch colour={MEDIA_COLOUR} shape="line" /> media sent
      </li>
      <li className="flex items-center gap-1">
        <Swatch colour={EDGE_COLOUR} shape="dashed" /> blocked
      </li>
      <li className="flex items-center gap-1">
        <Swatch colour={LINK_COLOUR} shape="line" /> peers who talk to each other
      </li>
      <li className="flex items-center gap-1">
        <Swatch colour="#64748b" shape="diamond" /> blocked this account
      </li>
      <li className="flex items-center gap-1">
        <Swatch colour="#64748b" shape="double" /> reported this account
      </li>
      <li>“risk N”: the person’s risk score; a dark ring marks any score</li>
    </ul>
  );
}
