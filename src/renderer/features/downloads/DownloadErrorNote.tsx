import type { ReactNode } from 'react';
import type { DownloadError } from '../../../shared/app-api.js';
import { explainDownloadError } from '../../format/download-errors.js';

export function DownloadErrorNote({ error }: { readonly error: DownloadError }): ReactNode {
  const explanation = explainDownloadError(error);
  return (
    <div className="download-error">
      <p>
        <strong>{explanation.summary}</strong> {explanation.action}
      </p>
      <details>
        <summary>Details</summary>
        <p>
          <code>{error.code}</code>: {error.message}
        </p>
      </details>
    </div>
  );
}
