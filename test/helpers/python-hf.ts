import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The virtualenv scripts/bootstrap.sh installs huggingface_hub into. */
const BOOTSTRAP_VENV_PYTHON = fileURLToPath(new URL('../../.venv-hf/bin/python', import.meta.url));

/**
 * A Python interpreter with `huggingface_hub` installed, for interop tests: HUBKEEPER_TEST_PYTHON,
 * else the bootstrap virtualenv, else `python3` when it can import the package. Without one the
 * tests fail, saying why: a missing client is never a skip.
 */
export function pythonWithHfHub(): string {
  const candidates = [process.env.HUBKEEPER_TEST_PYTHON, BOOTSTRAP_VENV_PYTHON, 'python3'].filter(
    (value): value is string => value !== undefined && value !== '',
  );
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import huggingface_hub'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  throw new Error('these tests need huggingface_hub in .venv-hf (scripts/bootstrap.sh installs it) or HUBKEEPER_TEST_PYTHON');
}

/** Runs a Python snippet that prints one JSON value, with the given environment added; returns the value. */
export function runPythonJson(python: string, code: string, env: Readonly<Record<string, string>> = {}): unknown {
  const result = spawnSync(python, ['-c', code], { encoding: 'utf8', env: { ...process.env, HF_HUB_DISABLE_TELEMETRY: '1', ...env } });
  if (result.status !== 0) throw new Error(`python failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}

/** The same without blocking the event loop: needed when Python talks to a server in this process. */
export function runPythonJsonAsync(python: string, code: string, env: Readonly<Record<string, string>> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', code], { env: { ...process.env, HF_HUB_DISABLE_TELEMETRY: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`python failed (${code}):\n${stderr}`));
      else resolve(JSON.parse(stdout) as unknown);
    });
  });
}

/** What every HfApi snippet starts with: `api` (HfApi with HF_TOKEN), `tokens` (a test's named tokens) and `status(fn)`. */
const HF_API_PRELUDE = `
import json, os
from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError
api = HfApi()
tokens = json.loads(os.environ['TEST_TOKENS'])
def status(fn):
    try:
        fn()
        return [200, None]
    except HfHubHTTPError as e:
        return [e.response.status_code, e.response.headers.get('x-error-code')]
out = {}
`;

/**
 * Runs an HfApi snippet against a test hub and returns the `out` dict it fills. In scope: `api`
 * (the server's token), `tokens` (the names given here), `status(fn)` ([HTTP status, X-Error-Code]
 * of a call) and whatever `helpers` (Python run after the prelude) defines. Fails, never skips,
 * without huggingface_hub in .venv-hf.
 */
export async function runHfApiSnippet(
  server: { readonly url: string; readonly token: string; readonly dataDir: string },
  code: string,
  options: { readonly tokens?: Readonly<Record<string, string>>; readonly helpers?: string } = {},
): Promise<Record<string, unknown>> {
  const python = pythonWithHfHub();
  const script = `${HF_API_PRELUDE}\n${options.helpers ?? ''}\n${code}\nprint(json.dumps(out))`;
  return (await runPythonJsonAsync(python, script, {
    HF_ENDPOINT: server.url,
    HF_TOKEN: server.token,
    HF_HUB_DISABLE_XET: '1',
    HF_HUB_DISABLE_PROGRESS_BARS: '1',
    HF_HUB_CACHE: `${server.dataDir}/python-cache`,
    TEST_TOKENS: JSON.stringify(options.tokens ?? {}),
  })) as Record<string, unknown>;
}
