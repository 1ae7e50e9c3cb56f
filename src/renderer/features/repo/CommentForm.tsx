import { useState, type FormEvent, type ReactNode } from 'react';
import { isAppError } from '../../../shared/errors.js';
import type { RepoKey } from '../../api/api-client.js';
import { FormError } from '../../components/FormError.js';
import { useApi } from '../../store/store-context.js';

export interface CommentFormProps {
  readonly repo: RepoKey;
  readonly num: number;
  readonly onPosted: () => void;
}

/** Posts a comment to a discussion; the text stays if posting fails. */
export function CommentForm({ repo, num, onPosted }: CommentFormProps): ReactNode {
  const api = useApi();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (text.trim() === '') {
      setProblem('Write something first.');
      return;
    }
    setBusy(true);
    setProblem(undefined);
    api.commentDiscussion(repo, num, text).then(
      () => {
        setBusy(false);
        setText('');
        onPosted();
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(isAppError(error) ? error.message : 'The core could not be reached');
      },
    );
  };

  return (
    <form className="form comment-form" onSubmit={submit}>
      <label htmlFor="comment-text">Comment</label>
      <textarea id="comment-text" rows={4} value={text} onChange={(event) => setText(event.target.value)} />
      <FormError message={problem} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Posting…' : 'Comment'}
        </button>
      </div>
    </form>
  );
}
