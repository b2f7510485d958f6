// Turns the JSON lines benchmark scenarios print into a Markdown report with each result next to
// its same-run baseline.

const flatten = (value, prefix = '') =>
  Object.entries(value ?? {}).flatMap(([key, v]) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? flatten(v, `${prefix}${key}.`)
      : [[`${prefix}${key}`, v]],
  );

const describe = (value, skip = []) =>
  flatten(value)
    .filter(([key, v]) => !skip.includes(key) && (typeof v === 'number' || typeof v === 'string'))
    .map(([key, v]) => `${key} ${v}`)
    .join(', ');

/**
 * The report of one `npm run bench` run: a table row per scenario line, machine facts on top, and
 * the platform loaded when it was a running one (EMPORIUM_URL) rather than processes of the run.
 */
function benchReport(lines, { date, machine, target }) {
  const rows = lines.map(
    ({ bench, scenario, baseline, ratio, ...result }) =>
      `| ${bench} | ${scenario} | ${describe(result)} | ${describe(baseline)} | ${ratio ?? ''} |`,
  );
  return [
    `# Benchmarks, ${date}`,
    '',
    `Machine: ${machine}. Each scenario's baseline was measured in the same run, on the same machine; the ratio`,
    'is the result over the baseline where a scenario states one (see each bench/<name>/run.ts).',
    ...(target
      ? [
          '',
          `Platform: the one running at ${target} (EMPORIUM_URL), loaded through its public API.`,
        ]
      : []),
    '',
    '| bench | scenario | result | baseline | ratio |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

module.exports = { benchReport };
