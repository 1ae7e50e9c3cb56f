/** 7.24B, 500M, 12.3K: a parameter count as model names give it. */
export function formatParameters(parameters: number): string {
  const [scale, unit] = parameters >= 1e9 ? [1e9, 'B'] : parameters >= 1e6 ? [1e6, 'M'] : parameters >= 1e3 ? [1e3, 'K'] : [1, ''];
  return `${Number((parameters / scale).toPrecision(3))}${unit}`;
}
