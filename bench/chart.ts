/** A small SVG bar chart of requests and wall time against their bounds, for the README. */
export interface ChartRow {
  label: string;
  requests: number;
  bound: number;
  seconds: number;
  ideal: number;
}

export function chartSvg(rows: ChartRow[]): string {
  const width = 760;
  const rowHeight = 70;
  const height = 60 + rows.length * rowHeight;
  const left = 190;
  const barMax = width - left - 90;
  const bar = (y: number, value: number, max: number, color: string, text: string) => {
    const w = Math.max(1, (value / max) * barMax);
    return `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="14" fill="${color}"/><text x="${left + w + 6}" y="${y + 11}" font-size="11">${text}</text>`;
  };
  const body = rows
    .map((row, index) => {
      const y = 50 + index * rowHeight;
      const maxRequests = Math.max(row.requests, row.bound);
      const maxSeconds = Math.max(row.seconds, row.ideal);
      return [
        `<text x="10" y="${y + 22}" font-size="12">${row.label}</text>`,
        bar(y, row.requests, maxRequests, '#2b6cb0', `${row.requests} requests`),
        bar(y + 16, row.bound, maxRequests, '#90cdf4', `${row.bound} lower bound`),
        bar(y + 34, row.seconds, maxSeconds, '#c05621', `${row.seconds} s`),
        bar(y + 50, row.ideal, maxSeconds, '#fbd38d', `${row.ideal} s ideal schedule`),
      ].join('');
    })
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" role="img">`,
    '<title>Requests and wall time of full syncs against the lower bound and the ideal schedule</title>',
    '<rect width="100%" height="100%" fill="white"/>',
    '<text x="10" y="24" font-size="14" font-weight="bold">Requests and wall time against their bounds (each pair scaled to its larger value)</text>',
    body,
    '</svg>',
    '',
  ].join('\n');
}
