import { Paper, Text, Title } from '@mantine/core';
import { INSTRUMENTS, type InstrumentId, type MeasureResponse } from '@mentalspace/contracts';

const BAND_COLORS = ['#e6f4ea', '#fff4d6', '#ffe5cc', '#ffd6cc', '#f9c5c5'];
/** Spreads an instrument's bands over the whole scale, so its top band is always the reddest (PCL-5 has two). */
const bandColor = (index: number, count: number) =>
  BAND_COLORS[count <= 1 ? 0 : Math.round((index * (BAND_COLORS.length - 1)) / (count - 1))];
const W = 640;
const H = 220;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };

/**
 * Scores over time for one instrument, with its severity bands shaded behind the line. An SVG
 * with a text alternative (the table below the chart lists every score).
 */
export function TrendChart({
  instrumentId,
  responses,
}: {
  instrumentId: InstrumentId;
  responses: MeasureResponse[];
}) {
  const instrument = INSTRUMENTS[instrumentId];
  const points = responses.filter((r) => r.instrumentId === instrumentId);
  if (points.length === 0 || instrument.bands.length === 0) return null;
  const max = instrument.maxScore;
  const times = points.map((p) => new Date(p.completedAt).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) =>
    PAD.left +
    (t1 === t0 ? (W - PAD.left - PAD.right) / 2 : ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (score: number) => PAD.top + (1 - score / max) * (H - PAD.top - PAD.bottom);
  const latest = points.at(-1)!;
  const summary = `${instrument.shortName}: ${points.length} score${points.length === 1 ? '' : 's'}, latest ${latest.total} (${latest.severity})`;
  return (
    <Paper withBorder p="md">
      <Title order={4}>{instrument.shortName}</Title>
      <Text size="sm" c="dimmed" mb="xs">
        {summary}
        {latest.subscores.length > 0 ? (
          <>
            <br />
            Latest subscores:{' '}
            {latest.subscores.map((s) => `${s.key} ${s.label} ${s.score}/${s.maxScore}`).join(' · ')}
          </>
        ) : null}
      </Text>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={summary}
        data-testid={`trend-${instrumentId}`}
      >
        {instrument.bands.map((band, i) => (
          <g key={band.label}>
            <rect
              x={PAD.left}
              width={W - PAD.left - PAD.right}
              y={y(Math.min(max, band.max + 0.5))}
              height={y(Math.max(0, band.min - 0.5)) - y(Math.min(max, band.max + 0.5))}
              fill={bandColor(i, instrument.bands.length)}
            />
            <text
              x={W - PAD.right - 4}
              y={y(Math.min(max, band.max + 0.5)) + 12}
              fontSize="10"
              textAnchor="end"
              fill="#555"
            >
              {band.label}
            </text>
          </g>
        ))}
        {[0, Math.round(max / 2), max].map((v) => (
          <text key={v} x={PAD.left - 6} y={y(v) + 4} fontSize="10" textAnchor="end" fill="#555">
            {v}
          </text>
        ))}
        <polyline
          fill="none"
          stroke="#1c7ed6"
          strokeWidth="2"
          points={points.map((p) => `${x(new Date(p.completedAt).getTime())},${y(p.total)}`).join(' ')}
        />
        {points.map((p) => (
          <circle key={p.id} cx={x(new Date(p.completedAt).getTime())} cy={y(p.total)} r="4" fill="#1c7ed6">
            <title>{`${new Date(p.completedAt).toLocaleDateString()}: ${p.total} (${p.severity})`}</title>
          </circle>
        ))}
        <text x={PAD.left} y={H - 8} fontSize="10" fill="#555">
          {new Date(t0).toLocaleDateString()}
        </text>
        <text x={W - PAD.right} y={H - 8} fontSize="10" textAnchor="end" fill="#555">
          {new Date(t1).toLocaleDateString()}
        </text>
      </svg>
    </Paper>
  );
}
