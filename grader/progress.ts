/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every tenth of the way
 * otherwise (CI logs, pipes), so the reports on stdout and in files stay clean.
 */
export function progressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr) {
  const start = performance.now();
  let done = 0;
  let lastDecile = -1;
  const draw = () => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    const secs = ((performance.now() - start) / 1000).toFixed(1);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${secs}s`;
    if (stream.isTTY) stream.write(`\r${line}${done === total ? '\n' : ''}`);
    else {
      const decile = total ? Math.floor((done / total) * 10) : 10;
      if (decile !== lastDecile) stream.write(`${line}\n`);
      lastDecile = decile;
    }
  };
  draw();
  return {
    tick(): void {
      done++;
      draw();
    },
  };
}
