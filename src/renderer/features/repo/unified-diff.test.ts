import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUnifiedDiff } from './unified-diff.js';

const DIFF = `diff --git a/config.json b/config.json
index 1a2b3c4..5d6e7f8 100644
--- a/config.json
+++ b/config.json
@@ -1,3 +1,3 @@
 {
---- a removed line that looks like a header
+++ an added line that looks like a header
\\ No newline at end of file
diff --git a/model.bin b/model.bin
new file mode 100644
index 0000000..abcdef1
Binary files /dev/null and b/model.bin differ
`;

describe('unified diff model', () => {
  it('splits files and tells header lines from added and removed ones', () => {
    const files = parseUnifiedDiff(DIFF);
    assert.deepEqual(files.map((file) => [file.path, file.added, file.removed]), [['config.json', 1, 1], ['model.bin', 0, 0]]);
    assert.deepEqual(files[0]?.lines.map((line) => line.kind), ['meta', 'meta', 'meta', 'meta', 'hunk', 'context', 'del', 'add', 'meta']);
    assert.deepEqual(files[1]?.lines.map((line) => line.kind), ['meta', 'meta', 'meta', 'meta']);
  });

  it('keeps markup as text', () => {
    const [file] = parseUnifiedDiff('diff --git a/x.html b/x.html\n@@ -0,0 +1 @@\n+<script>alert(1)</script>\n');
    assert.deepEqual(file?.lines[2], { kind: 'add', text: '+<script>alert(1)</script>' });
  });

  it('gives nothing for an empty diff', () => {
    assert.deepEqual(parseUnifiedDiff(''), []);
  });
});
