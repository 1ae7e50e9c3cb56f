#!/usr/bin/env node
// `npm start`: builds once if needed, then opens the desktop app when the Electron binary is
// installed (and a display is available), else runs the headless server and prints the UI URL.
// Arguments go to `hubkeeper serve`, e.g. `npm start -- --port 8080 --data /tmp/hub`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function ensureBuilt() {
  // One output of each build step: tsc (src/main, electron included) and vite (the renderer).
  const outputs = ['dist/main/electron/main.js', 'dist/renderer/index.html'];
  if (outputs.every((path) => existsSync(join(root, path)))) return;
  console.log('hubkeeper: dist/ is missing or incomplete, building first...');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Path of the Electron executable, or undefined when only the npm package (no binary) is installed. */
function electronBinary() {
  try {
    // The electron package's main export is the path of its downloaded binary; it throws without one.
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Runs a child to completion and exits with its status. */
function run(command, args, onOutput) {
  const child = spawn(command, args, { cwd: root, stdio: ['inherit', onOutput ? 'pipe' : 'inherit', 'inherit'] });
  if (onOutput) {
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      onOutput(chunk.toString());
    });
  }
  // Ctrl-C reaches the whole foreground process group, child included: just wait for it to stop.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
}

ensureBuilt();
const electron = electronBinary();
if (electron !== undefined && hasDisplay()) {
  run(electron, ['.']);
} else {
  console.log(
    electron === undefined
      ? 'hubkeeper: the Electron binary is not installed, so running the server; use the UI in a browser.'
      : 'hubkeeper: no display found, so running the server without the desktop window.',
  );
  let seen = '';
  run(process.execPath, [join(root, 'bin', 'hubkeeper.js'), 'serve', ...process.argv.slice(2)], (text) => {
    if (seen === undefined) return;
    seen = (seen + text).slice(-4096);
    const match = /HubKeeper listening on (https?:\/\/[^\s]+)/.exec(seen);
    if (match === null) return;
    seen = undefined;
    console.log(`hubkeeper: open the UI at ${new URL('/-/ui/', match[1]).href}`);
  });
}
