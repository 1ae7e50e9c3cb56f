import { useId, useMemo, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState.js';
import { parseUnifiedDiff, type DiffFile } from './unified-diff.js';

export interface UnifiedDiffViewProps {
  readonly diff: string;
  readonly truncated: boolean;
}

/** A unified diff as plain text lines, one block per file, added and removed lines coloured (never HTML). */
export function UnifiedDiffView({ diff, truncated }: UnifiedDiffViewProps): ReactNode {
  const files = useMemo(() => parseUnifiedDiff(diff), [diff]);
  if (files.length === 0) return <EmptyState title="No changes yet" />;
  return (
    <div className="diff-files">
      {files.map((file, index) => (
        <DiffFileView key={`${index}:${file.path}`} file={file} />
      ))}
      {truncated && <p className="hint">The diff is too long to show in full; it stops here.</p>}
    </div>
  );
}

function DiffFileView({ file }: { readonly file: DiffFile }): ReactNode {
  const titleId = useId();
  return (
    <section className="diff-file" aria-labelledby={titleId}>
      <h4 id={titleId} className="diff-file-title">
        <code>{file.path}</code>{' '}
        <span className="diff-counts">
          <span className="diff-count-add">+{file.added}</span> <span className="diff-count-del">−{file.removed}</span>
        </span>
      </h4>
      {/* Focusable so that a wide diff can be scrolled from the keyboard. */}
      <pre className="diff" tabIndex={0} data-testid="diff">
        {file.lines.map((line, index) => (
          <span key={index} className={`diff-line diff-${line.kind}`}>
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </section>
  );
}
