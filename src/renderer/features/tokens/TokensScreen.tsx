import { useState, type ReactNode } from 'react';
import type { TokenSummary } from '../../../shared/app-api.js';
import { isAppError } from '../../../shared/errors.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DataTable } from '../../components/DataTable.js';
import { FormError } from '../../components/FormError.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatDate } from '../../format/dates.js';
import { tokensQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useApi, useAppStore } from '../../store/store-context.js';

/** Hub tokens: one's own, or every user's for the machine's owner, with revoking. */
export function TokensScreen(): ReactNode {
  const owner = useAppStore((state) => state.session.phase === 'signed-in' && state.session.session.role === 'owner');
  const query = useQuery(tokensQuery(owner));
  return (
    <section aria-labelledby="tokens-title" className="settings">
      <div className="screen-header">
        <h1 id="tokens-title">Tokens</h1>
      </div>
      <p className="hint">
        {owner ? "Every user's hub tokens." : 'Your hub tokens.'} A revoked token stops working at once, and so does every
        session signed in with it. New tokens are made with <code>hubkeeper admin create-token</code>.
      </p>
      <QueryContent query={query} what="the tokens">
        {(data) => <TokensTable tokens={data.tokens} everyone={owner} />}
      </QueryContent>
    </section>
  );
}

function TokensTable({ tokens, everyone }: { readonly tokens: readonly TokenSummary[]; readonly everyone: boolean }): ReactNode {
  const api = useApi();
  const me = useAppStore((state) => (state.session.phase === 'signed-in' ? state.session.session.user : ''));
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const checkSession = useAppStore((state) => state.checkSession);
  const [revoking, setRevoking] = useState<TokenSummary | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const revoke = (token: TokenSummary): void => {
    setBusy(true);
    setError(undefined);
    api.revokeToken(token.user, token.id, !everyone).then(
      () => {
        setBusy(false);
        setRevoking(undefined);
        invalidate('tokens:');
        notify(`Revoked ${token.user}'s token "${token.name}".`);
        // The token may be the one this session signed in with.
        void checkSession();
      },
      (failure: unknown) => {
        setBusy(false);
        setRevoking(undefined);
        setError(isAppError(failure) ? failure.message : 'The core could not be reached');
      },
    );
  };

  if (tokens.length === 0) return <p>No tokens.</p>;
  return (
    <>
      <DataTable
        caption="Hub tokens"
        columns={[
          everyone && { label: 'User' },
          { label: 'Name' },
          { label: 'Role' },
          { label: 'Ends with' },
          { label: 'Created' },
          { label: 'Last used' },
          { label: 'Actions', hiddenLabel: true },
        ]}
      >
        {tokens.map((token) => (
          <tr key={token.id}>
            {everyone && <td>{token.user === me ? `${token.user} (you)` : token.user}</td>}
            <td>{token.name}</td>
            <td>{token.role}</td>
            <td>{token.lastFour === null ? '—' : <code>…{token.lastFour}</code>}</td>
            <td>{formatDate(token.createdAt)}</td>
            <td>{token.lastUsedAt === null ? 'never' : formatDate(token.lastUsedAt)}</td>
            <td>
              <button type="button" className="danger" onClick={() => setRevoking(token)}>
                Revoke<span className="visually-hidden"> {token.name}</span>
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      <FormError message={error} />
      <ConfirmDialog
        open={revoking !== undefined}
        title="Revoke this token?"
        confirmLabel="Revoke"
        danger
        busy={busy}
        onConfirm={() => revoking && revoke(revoking)}
        onCancel={() => setRevoking(undefined)}
      >
        <p>
          {revoking ? `${revoking.user}'s token "${revoking.name}"` : 'The token'} stops working at once, on every route, and
          so does every session signed in with it.
        </p>
      </ConfirmDialog>
    </>
  );
}
