import 'server-only';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { formatCount, formatDateTime, formatDay, formatDuration, formatLatency, formatUptime } from '@/lib/format';
import type { Report } from './build';
import { dayChartFloor, dayRange } from './period';

// A report as a PDF, made on the server with pdfkit (no browser): A4, Noto Sans embedded (so
// names in any Latin, Greek or Cyrillic script print), the day chart drawn as vectors, the
// tables broken across pages with their headers repeated, and "page N of M" at the foot.

const FONT_DIR = '@expo-google-fonts/noto-sans';
const fontPath = (file: string) => createRequire(path.join(process.cwd(), 'package.json')).resolve(`${FONT_DIR}/${file}`);

const MARGIN = 40;
/** A PDF lists this many incidents at most (a month of a big team can have thousands). */
const PDF_INCIDENTS = 500;
const WIDTH = 595.28 - 2 * MARGIN;
const BOTTOM = 841.89 - MARGIN - 20;
const INK = '#0f172a';
const MUTED = '#475569';
const RULE = '#e2e8f0';
const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/** The report as PDF bytes. */
export async function reportPdf(report: Report): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: report.title, Author: 'Watchpost', Subject: `${report.fromDay} – ${report.toDay}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fontPath('400Regular/NotoSans_400Regular.ttf'));
  doc.registerFont('bold', fontPath('600SemiBold/NotoSans_600SemiBold.ttf'));
  const when = (date: Date) => formatDateTime(date, report.timeZone, { seconds: false });

  // Title and what the numbers mean.
  doc.font('bold').fontSize(16).fillColor(INK).text(report.title, MARGIN, MARGIN, { width: WIDTH });
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(MUTED)
    .text(`${formatDay(report.fromDay)} – ${formatDay(report.toDay)} (${report.timeZone}) · ${report.scopeLabel} · made ${when(report.generatedAt)}`, { width: WIDTH })
    .moveDown(0.3)
    .text('Uptime = good checks of counted checks; checks inside maintenance are not counted. Downtime = time inside incidents, less maintenance.', { width: WIDTH });

  // The totals, as six boxes.
  const totals = [
    ['Uptime', formatUptime(report.totals.uptimePercent)],
    ['Checks', formatCount(report.totals.checks)],
    ['Failed checks', formatCount(report.totals.failed)],
    ['Incidents', formatCount(report.totals.incidents)],
    ['MTTA', formatDuration(report.totals.mttaSeconds)],
    ['MTTR', formatDuration(report.totals.mttrSeconds)],
  ];
  let y = doc.y + 10;
  const box = WIDTH / totals.length;
  totals.forEach(([label, value], i) => {
    const x = MARGIN + i * box;
    doc.roundedRect(x + 2, y, box - 4, 40, 4).strokeColor(RULE).stroke();
    doc.font('regular').fontSize(8).fillColor(MUTED).text(label!, x + 8, y + 6, { width: box - 16, lineBreak: false });
    doc.font('bold').fontSize(12).fillColor(INK).text(value!, x + 8, y + 18, { width: box - 16, lineBreak: false });
  });
  y += 52;

  if (report.precision.noDataDays.length || report.precision.rollupOnlyDays.length) {
    const note = [
      report.precision.noDataDays.length ? `No data is kept for ${dayRange(report.precision.noDataDays)} (older than the rollups' 400 days).` : '',
      report.precision.rollupOnlyDays.length ? `${dayRange(report.precision.rollupOnlyDays)}: past the plan's raw retention; counts and percentiles come from hourly rollups.` : '',
    ].join(' ');
    doc.font('regular').fontSize(8.5).fillColor('#92400e').text(note.trim(), MARGIN, y, { width: WIDTH });
    y = doc.y + 8;
  }

  // Uptime by day: one bar per day.
  if (report.days.length) {
    doc.font('bold').fontSize(10).fillColor(INK).text('Uptime by day', MARGIN, y);
    y = doc.y + 4;
    const chartHeight = 70;
    const axis = 34;
    const lowest = dayChartFloor(report.days);
    const plotWidth = WIDTH - axis;
    const bar = plotWidth / report.days.length;
    doc.font('regular').fontSize(7).fillColor(MUTED);
    doc.text('100 %', MARGIN, y - 3, { width: axis - 4, align: 'right', lineBreak: false });
    doc.text(`${lowest} %`, MARGIN, y + chartHeight - 6, { width: axis - 4, align: 'right', lineBreak: false });
    doc.moveTo(MARGIN + axis, y).lineTo(MARGIN + WIDTH, y).strokeColor(RULE).stroke();
    doc.moveTo(MARGIN + axis, y + chartHeight).lineTo(MARGIN + WIDTH, y + chartHeight).strokeColor(RULE).stroke();
    report.days.forEach((day, i) => {
      const x = MARGIN + axis + i * bar + Math.min(1, bar * 0.15);
      const w = Math.max(0.5, bar - 2 * Math.min(1, bar * 0.15));
      if (day.uptimePercent === null) {
        doc.rect(x, y + chartHeight - 4, w, 4).fill('#cbd5e1');
        return;
      }
      const h = Math.max(2, ((day.uptimePercent - lowest) / (100 - lowest)) * chartHeight);
      doc.rect(x, y + chartHeight - h, w, h).fill(day.uptimePercent >= 99.9 ? '#10b981' : day.uptimePercent >= 99 ? '#f59e0b' : '#ef4444');
    });
    doc.font('regular').fontSize(7).fillColor(MUTED);
    doc.text(formatDay(report.days[0]!.day), MARGIN + axis, y + chartHeight + 3, { lineBreak: false });
    doc.text(formatDay(report.days.at(-1)!.day), MARGIN + axis, y + chartHeight + 3, { width: plotWidth, align: 'right', lineBreak: false });
    y += chartHeight + 18;
  }

  // Per monitor (or component).
  const rowColumns: Column[] = [
    { header: report.rows[0]?.kind === 'component' ? 'Component' : 'Monitor', width: 112 },
    { header: 'Uptime', width: 48, align: 'right' },
    { header: 'Downtime', width: 52, align: 'right' },
    { header: 'Incidents', width: 44, align: 'right' },
    { header: 'MTTA / MTTR', width: 68, align: 'right' },
    { header: 'p50 / p95 / p99 (ms)', width: 92, align: 'right' },
    { header: 'SLO: so far / target', width: WIDTH - 416 },
  ];
  y = table(
    doc,
    y,
    rowColumns,
    report.rows.map((row) => [
      row.name,
      formatUptime(row.summary.uptimePercent),
      formatDuration(row.summary.downtimeSeconds),
      String(row.summary.incidents),
      `${formatDuration(row.mttaSeconds)} / ${formatDuration(row.mttrSeconds)}`,
      [row.summary.p50, row.summary.p95, row.summary.p99].map((ms) => formatLatency(ms).replace(' ms', '')).join(' / '),
      row.slos.map((slo) => `${slo.attainment === null ? 'no data' : `${slo.attainment.toFixed(3)} %`} / ${slo.target} %, ${percent(slo.budgetUsedShare)}`).join('; ') || '–',
    ]),
  );

  // The SLOs, each measured over the report's period.
  const slos = report.rows.flatMap((row) => row.slos.map((slo) => ({ row, slo })));
  if (slos.length) {
    y += 12;
    if (y > BOTTOM - 60) {
      doc.addPage();
      y = MARGIN;
    }
    doc.font('bold').fontSize(10).fillColor(INK).text(`Service level objectives (${slos.length}), over this period`, MARGIN, y);
    y = table(
      doc,
      doc.y + 4,
      [
        { header: 'SLO', width: 150 },
        { header: report.rows[0]?.kind === 'component' ? 'Component' : 'Monitor', width: 140 },
        { header: 'Target', width: 50, align: 'right' },
        { header: 'Attained', width: 60, align: 'right' },
        { header: 'Met', width: 40, align: 'right' },
        { header: 'Budget used', width: WIDTH - 440, align: 'right' },
      ],
      slos.map(({ row, slo }) => [
        slo.name,
        row.name,
        `${slo.target} %`,
        slo.attainment === null ? 'no data' : `${slo.attainment.toFixed(3)} %`,
        slo.met === null ? '–' : slo.met ? 'yes' : 'no',
        slo.budgetUsedShare === null ? `${slo.budgetUsedChecks} checks` : percent(slo.budgetUsedShare),
      ]),
    );
  }

  // Incidents.
  y += 12;
  if (y > BOTTOM - 60) {
    doc.addPage();
    y = MARGIN;
  }
  const listed = report.incidents.slice(0, PDF_INCIDENTS);
  doc.font('bold').fontSize(10).fillColor(INK).text(`Incidents (${report.incidents.length})`, MARGIN, y);
  if (listed.length < report.incidents.length) {
    doc.font('regular').fontSize(8.5).fillColor(MUTED).text(`The first ${PDF_INCIDENTS}; the CSV and the report's page list all ${formatCount(report.incidents.length)}.`, MARGIN, doc.y);
  }
  y = doc.y + 4;
  if (report.incidents.length === 0) doc.font('regular').fontSize(9).fillColor(MUTED).text('None in this period.', MARGIN, y);
  else {
    table(
      doc,
      y,
      [
        { header: 'Monitor', width: 150 },
        { header: 'Started', width: 95 },
        { header: 'Resolved', width: 95 },
        { header: 'Duration', width: 80, align: 'right' },
        { header: 'Acknowledged after', width: WIDTH - 420, align: 'right' },
      ],
      listed.map((incident) => [
        incident.monitorName,
        when(incident.startedAt),
        incident.resolvedAt ? when(incident.resolvedAt) : 'still open',
        `${formatDuration(incident.durationSeconds)}${incident.inMaintenance ? ' (maint.)' : ''}`,
        incident.acknowledgedAfterSeconds === null ? '–' : formatDuration(incident.acknowledgedAfterSeconds),
      ]),
    );
  }

  // Page numbers, once every page exists.
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin pdfkit would start a new page: write the footer without it.
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7.5).fillColor(MUTED);
    doc.text(`Watchpost · ${report.title} · page ${i + 1} of ${count}`, MARGIN, 841.89 - MARGIN + 4, { width: WIDTH, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

/** `text` cut with an ellipsis to fit `width` in the current font. */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let [low, high] = [0, text.length];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${text.slice(0, middle)}…`) <= width) low = middle;
    else high = middle - 1;
  }
  return `${text.slice(0, low).trimEnd()}…`;
}

/** A table from `y`, its header repeated on each new page; the y after it. Long cells are cut with an ellipsis (the CSV has them whole). */
function table(doc: PDFKit.PDFDocument, top: number, columns: Column[], rows: string[][]): number {
  const rowHeight = 14;
  let y = top;
  const header = () => {
    let x = MARGIN;
    doc.font('bold').fontSize(8).fillColor(MUTED);
    for (const column of columns) {
      doc.text(fit(doc, column.header, column.width - 4), x + 2, y, { width: column.width - 4, align: column.align ?? 'left', lineBreak: false });
      x += column.width;
    }
    y += rowHeight;
    doc.moveTo(MARGIN, y - 3).lineTo(MARGIN + WIDTH, y - 3).strokeColor(RULE).stroke();
  };
  header();
  for (const row of rows) {
    if (y + rowHeight > BOTTOM) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    let x = MARGIN;
    doc.font('regular').fontSize(8).fillColor(INK);
    row.forEach((cell, i) => {
      const column = columns[i]!;
      doc.text(fit(doc, cell, column.width - 4), x + 2, y, { width: column.width - 4, align: column.align ?? 'left', lineBreak: false });
      x += column.width;
    });
    y += rowHeight;
  }
  return y;
}
