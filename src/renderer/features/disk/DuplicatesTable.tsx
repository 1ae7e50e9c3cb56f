import type { ReactNode } from 'react';
import type { DuplicateContent } from '../../../shared/app-api.js';
import { DataTable } from '../../components/DataTable.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';

const SHOWN = 50;
const DUPLICATE_COLUMNS = [{ label: 'Content' }, { label: 'Held by' }, { label: 'Size', numeric: true }, { label: 'Extra space', numeric: true }];

/** Files whose bytes are stored more than once (across cached repos, or cache and hub). */
export function DuplicatesTable({ duplicates }: { readonly duplicates: readonly DuplicateContent[] }): ReactNode {
  const wasted = duplicates.reduce((sum, duplicate) => sum + duplicate.wastedBytes, 0);
  return (
    <section aria-labelledby="duplicates-title">
      <h2 id="duplicates-title">Duplicates</h2>
      {duplicates.length === 0 ? (
        <p className="hint">No file is stored twice.</p>
      ) : (
        <>
          <p>
            {duplicates.length} {duplicates.length === 1 ? 'file is' : 'files are'} stored more than once, using {formatBytes(wasted)} more than needed.
          </p>
          <DataTable caption="Content stored in several repos" columns={DUPLICATE_COLUMNS}>
            {duplicates.slice(0, SHOWN).map((duplicate) => (
              <tr key={duplicate.hash}>
                <th scope="row">
                  <code title={duplicate.hash}>{shortHash(duplicate.hash)}</code>
                </th>
                <td>{duplicate.repos.join(', ')}</td>
                <td className="numeric">{formatBytes(duplicate.size)}</td>
                <td className="numeric">{formatBytes(duplicate.wastedBytes)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}
