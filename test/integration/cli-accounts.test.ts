import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCliFromSource } from '../helpers/cli-process.js';
import { runPythonJsonAsync, pythonWithHfHub } from '../helpers/python-hf.js';
import { startServer } from '../helpers/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const python = pythonWithHfHub();

test('admin create-user, create-org, add-member and create-token --value set up accounts that huggingface_hub then uses', async (t) => {
  const dataDir = tempDir();
  const token = 'hf_imported0123456789abcdef';
  const steps: string[][] = [
    ['admin', 'create-user', 'carol', '--fullname', 'Carol Example', '--email', 'carol@example.com'],
    ['admin', 'create-org', 'acme', '--fullname', 'Acme Corp'],
    ['admin', 'add-member', 'acme', 'carol', '--role', 'read'],
    ['admin', 'create-token', 'carol', '--value', token, '--name', 'ci'],
  ];
  for (const args of steps) {
    const result = await runCliFromSource([...args, '--data', dataDir]);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  }
  const again = await runCliFromSource(['admin', 'add-member', 'acme', 'carol', '--role', 'admin', '--data', dataDir]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'carol is a member of acme (admin)\n');
  const badRole = await runCliFromSource(['admin', 'add-member', 'acme', 'carol', '--role', 'owner', '--data', dataDir]);
  assert.equal(badRole.code, 1);
  assert.match(badRole.stderr, /--role/);
  const badToken = await runCliFromSource(['admin', 'create-token', 'carol', '--value', 'not-a-token', '--data', dataDir]);
  assert.equal(badToken.code, 1);
  assert.match(badToken.stderr, /A token must be "hf_"/);

  const server = await startServer(t, { overrides: { dataDir } });
  const me = (await runPythonJsonAsync(
    python,
    `import json
from huggingface_hub import HfApi
me = HfApi().whoami()
print(json.dumps([me['name'], me['fullname'], me['email'], [[o['name'], o['fullname'], o['roleInOrg']] for o in me['orgs']]]))`,
    { HF_ENDPOINT: server.url, HF_TOKEN: token },
  )) as unknown[];
  assert.deepEqual(me, ['carol', 'Carol Example', 'carol@example.com', [['acme', 'Acme Corp', 'admin']]]);
});
