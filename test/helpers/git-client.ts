import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

export interface GitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A git (and git-lfs) client isolated from the machine: its own HOME with `git lfs install` done,
 * no system config, no terminal prompts. Commands run asynchronously, so a server in the same
 * process keeps answering.
 */
export class GitClient {
  readonly home: string;
  readonly work: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(root: string, extraEnv: NodeJS.ProcessEnv) {
    this.home = join(root, 'home');
    this.work = join(root, 'work');
    mkdirSync(this.home);
    mkdirSync(this.work);
    this.env = {
      PATH: process.env.PATH,
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.home, '.config'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      LANG: 'C',
      ...extraEnv,
    };
  }

  /** A client whose `git lfs install` is done; fails (never skips) when git or git-lfs is missing. */
  static async create(extraEnv: NodeJS.ProcessEnv = {}): Promise<GitClient> {
    const client = new GitClient(tempDir('hubkeeper-git-'), extraEnv);
    await client.ok(client.work, ['config', '--global', 'user.name', 'Git Tester']);
    await client.ok(client.work, ['config', '--global', 'user.email', 'git@example.com']);
    await client.ok(client.work, ['config', '--global', 'init.defaultBranch', 'main']);
    await client.ok(client.work, ['lfs', 'install', '--skip-repo']);
    return client;
  }

  /** Runs git in `cwd` (relative paths are under the work folder); never throws on a non-zero exit. */
  run(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<GitRun> {
    return new Promise((resolve, reject) => {
      execFile('git', args, { cwd: this.path(cwd), env: { ...this.env, ...env }, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error === null) resolve({ code: 0, stdout, stderr });
        else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
        else reject(new Error(`could not run git ${args.join(' ')}: ${error.message}`));
      });
    });
  }

  /** Runs git and returns its stdout; throws with git's stderr on failure. */
  async ok(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const result = await this.run(cwd, args, env);
    if (result.code !== 0) throw new Error(`git ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
    return result.stdout;
  }

  path(relative: string): string {
    return relative.startsWith('/') ? relative : join(this.work, relative);
  }
}

/** `http://user:token@host:port/...`: git's way of carrying a token without a credential helper. */
export function urlWithToken(url: string, token: string, user = 'git'): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = token;
  return parsed.toString();
}
