import type { LoadResult } from './load';

export interface ScenarioResult extends LoadResult {
  name: string;
  ratioToCeiling?: number;
  extra?: Record<string, number | string>;
}

export interface BenchRun {
  date: string;
  mode: string;
  durationSeconds: number;
  connections: number;
  /** Instances of each backend service in the per-feature scenarios, and in the full journey. */
  replicas?: number;
  journeyReplicas?: number;
  /** Worker processes of each backend service (absent in runs from before there were any). */
  workers?: number;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string };
  results: ScenarioResult[];
}

/** The results table (Markdown) and a bar chart of p50/p90/p99 per scenario (SVG). */
export function renderReport(run: BenchRun): { markdown: string; svg: string } {
  const header = [
    `Run ${run.date} (${run.mode}: ${run.durationSeconds} s per scenario, ${run.connections} connections, ${run.replicas ?? 2} instance(s) of each service (journey: ${run.journeyReplicas ?? 2})${run.workers === undefined ? '' : ` and ${run.workers} worker(s)`}, load generator on the same machine)`,
    `Machine: ${run.machine.cores} cores (${run.machine.cpu}), ${run.machine.memoryGiB} GiB, Node ${run.machine.node}`,
    '',
    '| scenario | req/s | p50 ms | p90 ms | p99 ms | errors | × ceiling | machine CPU µs/req | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  const rows = run.results.map((result) => {
    const notes = Object.entries(result.extra ?? {})
      .map(([key, value]) => `${key}: ${value}`)
      .join('; ');
    return `| ${result.name} | ${result.rps} | ${result.p50} | ${result.p90} | ${result.p99} | ${result.errors} | ${result.ratioToCeiling ?? ''} | ${result.cpuUsPerRequest ?? ''} | ${notes} |`;
  });
  return { markdown: [...header, ...rows].join('\n'), svg: chart(run.results) };
}

function chart(results: ScenarioResult[]): string {
  const width = 900;
  const rowHeight = 26;
  const left = 260;
  const top = 40;
  const height = top + results.length * rowHeight + 30;
  const max = Math.max(1, ...results.map((result) => result.p99));
  const scale = (value: number) => ((width - left - 40) * value) / max;
  const bars = results
    .map((result, index) => {
      const y = top + index * rowHeight;
      return [
        `<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escape(result.name)}</text>`,
        `<rect x="${left}" y="${y + 3}" width="${scale(result.p99).toFixed(1)}" height="16" fill="#f4a261"/>`,
        `<rect x="${left}" y="${y + 3}" width="${scale(result.p90).toFixed(1)}" height="16" fill="#e9c46a"/>`,
        `<rect x="${left}" y="${y + 3}" width="${scale(result.p50).toFixed(1)}" height="16" fill="#2a9d8f"/>`,
        `<text x="${left + scale(result.p99) + 4}" y="${y + 15}" font-size="11">${result.p50}/${result.p90}/${result.p99} ms</text>`,
      ].join('');
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<text x="10" y="20" font-size="14" font-weight="bold">Latency per scenario: p50 (green) / p90 (yellow) / p99 (orange), ms</text>
${bars}
</svg>
`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
