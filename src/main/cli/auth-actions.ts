// The actions of `hubkeeper login | logout | whoami | auth list | auth switch` (see auth-commands.ts).
import { AppError } from '../../shared/errors.js';
import { engineOptionsFromConfig } from '../download/index.js';
import { loadConfig, type Config } from '../config.js';
import { fetchWhoami, logout, readStoredTokens, readTokenFile, resolveToken, saveStoredToken, setActiveToken, type WhoamiInfo } from '../credentials/index.js';
import { UpstreamClient } from '../upstream/index.js';

interface EndpointOptions {
  readonly endpoint?: string;
}


export async function login(options: EndpointOptions & { readonly token?: string }): Promise<void> {
  const config = configWith(options);
  const token = (options.token ?? (await readSecret('Token: '))).replace(/[\r\n]/g, '').trim();
  if (token === '') throw new AppError('BadRequest', 'No token given');
  if (token.startsWith('api_org')) throw new AppError('BadRequest', 'You must use your personal account token, not an organization token.');
  const info = await askWhoami(config, token);
  const name = info.auth?.accessToken?.displayName ?? info.name;
  await saveStoredToken(config.hf, name, token);
  await setActiveToken(config.hf, name);
  print(`Token is valid (permission: ${info.auth?.accessToken?.role ?? 'unknown'}); it belongs to ${info.name}.`);
  print(`Saved as "${name}" in ${config.hf.storedTokensPath} and made active in ${config.hf.tokenPath}.`);
  if (config.hf.token !== undefined) process.stderr.write('hubkeeper: note: HF_TOKEN is set and is used instead of the saved token\n');
}

export async function logoutCommand(options: { readonly tokenName?: string }): Promise<void> {
  const config = loadConfig();
  const stored = await readStoredTokens(config.hf);
  const active = await readTokenFile(config.hf);
  if (stored.size === 0 && active === undefined && config.hf.token === undefined) {
    print('Not logged in.');
    return;
  }
  const result = await logout(config.hf, options.tokenName);
  if (options.tokenName !== undefined && result.removed.length === 0) throw new AppError('NotFound', `No saved token named ${options.tokenName}`);
  print(options.tokenName === undefined ? 'Logged out of every saved token.' : `Logged out of ${options.tokenName}${result.activeCleared ? ' (it was the active token)' : ''}.`);
  if (config.hf.token !== undefined) process.stderr.write('hubkeeper: HF_TOKEN is still set, so requests still carry a token; unset HF_TOKEN to log out completely\n');
}

export async function whoami(options: EndpointOptions & { readonly token?: string; readonly json?: boolean }): Promise<void> {
  const config = configWith(options);
  const resolved = await resolveToken(config.hf, options.token);
  if (!resolved) throw new AppError('Unauthorized', `Not logged in: run \`hubkeeper login\`, or set HF_TOKEN`);
  const info = await askWhoami(config, resolved.token);
  if (options.json) {
    print(JSON.stringify(info, null, 2));
    return;
  }
  print(info.name);
  const orgs = (info.orgs ?? []).map((org) => org.name);
  if (orgs.length > 0) print(`orgs: ${orgs.join(', ')}`);
  const access = info.auth?.accessToken;
  if (access) print(`token: ${access.displayName ?? '?'} (${access.role ?? '?'}), from ${resolved.source === 'file' ? config.hf.tokenPath : resolved.source === 'environment' ? 'HF_TOKEN' : '--token'}`);
  print(`endpoint: ${config.hf.endpoint}`);
}

export async function listTokens(): Promise<void> {
  const config = loadConfig();
  const stored = await readStoredTokens(config.hf);
  if (stored.size === 0) {
    print('No saved tokens.');
    return;
  }
  const current = (await resolveToken(config.hf))?.token;
  const width = Math.max(4, ...[...stored.keys()].map((name) => name.length)) + 2;
  print(`  ${'name'.padEnd(width)}| token`);
  print(`${'-'.repeat(width + 2)}|${'-'.repeat(15)}`);
  for (const [name, token] of stored) print(`${token === current ? '*' : ' '} ${name.padEnd(width)}| ${token.slice(0, 3)}****${token.slice(-4)}`);
  if (config.hf.token !== undefined) process.stderr.write('hubkeeper: note: HF_TOKEN is set and is the active token whatever is saved\n');
}

export async function switchToken(name: string): Promise<void> {
  const config = loadConfig();
  const token = await setActiveToken(config.hf, name);
  print(`The active token is now ${name}.`);
  if (config.hf.token !== undefined && config.hf.token !== token) process.stderr.write('hubkeeper: note: HF_TOKEN is set and overrides the token you switched to\n');
}

function configWith(options: EndpointOptions): Config {
  return loadConfig(undefined, options.endpoint === undefined ? {} : { endpoint: options.endpoint });
}

async function askWhoami(config: Config, token: string): Promise<WhoamiInfo> {
  if (config.hf.offline) throw new AppError('BadRequest', 'Offline mode is on (HF_HUB_OFFLINE): cannot reach the hub');
  const options = engineOptionsFromConfig(config.hf).client;
  const client = options instanceof UpstreamClient ? options : new UpstreamClient(options);
  try {
    return await fetchWhoami(client, config.hf.endpoint, token);
  } catch (error) {
    if (error instanceof AppError && error.status === 401) throw new AppError('Unauthorized', `Invalid token for ${config.hf.endpoint}`, {}, { cause: error });
    throw error;
  } finally {
    await client.close();
  }
}

/** A secret from the terminal without echo, or the first line of stdin when it is not a terminal. */
async function readSecret(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) text += String(chunk);
    return text.split('\n')[0] ?? '';
  }
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  try {
    let value = '';
    for await (const chunk of input) {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return value;
        if (char === '\u0003') throw new AppError('BadRequest', 'Cancelled');
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    }
    return value;
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stderr.write('\n');
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
