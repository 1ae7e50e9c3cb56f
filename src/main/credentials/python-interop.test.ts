import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pythonWithHfHub, runPythonJson } from '../../../test/helpers/python-hf.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { readStoredTokens, readTokenFile, saveStoredToken, setActiveToken } from './token-files.js';

const python = pythonWithHfHub();

describe('token files shared with Python huggingface_hub', () => {
  const py = python;

  it('Python reads the active and named tokens we saved', async () => {
    const home = tempDir();
    const paths = { tokenPath: join(home, 'token'), storedTokensPath: join(home, 'stored_tokens') };
    await saveStoredToken(paths, 'laptop', 'hf_laptop123');
    await saveStoredToken(paths, 'ci', 'hf_ci1234567');
    await setActiveToken(paths, 'ci');
    const theirs = runPythonJson(py, 'import json\nfrom huggingface_hub import get_token\nfrom huggingface_hub.utils._auth import get_stored_tokens\nprint(json.dumps([get_token(), get_stored_tokens()]))', { HF_HOME: home, HF_TOKEN: '' });
    assert.deepEqual(theirs, ['hf_ci1234567', { ci: 'hf_ci1234567', laptop: 'hf_laptop123' }]);
  });

  it('we read the files Python writes when it saves and switches tokens', async () => {
    const home = tempDir();
    runPythonJson(
      py,
      'import json\nfrom huggingface_hub.utils._auth import _save_token\nfrom huggingface_hub._login import _set_active_token\n_save_token("hf_first12345", "first")\n_save_token("hf_second1234", "second")\n_set_active_token("first", False)\nprint("null")',
      { HF_HOME: home },
    );
    const paths = { tokenPath: join(home, 'token'), storedTokensPath: join(home, 'stored_tokens') };
    assert.equal(await readTokenFile(paths), 'hf_first12345');
    assert.deepEqual([...(await readStoredTokens(paths))], [['first', 'hf_first12345'], ['second', 'hf_second1234']]);
  });
});
