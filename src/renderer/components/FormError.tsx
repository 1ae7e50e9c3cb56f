import type { ReactNode } from 'react';

/** A form's error, announced to screen readers; nothing when there is none. */
export function FormError({ message }: { readonly message: string | undefined }): ReactNode {
  if (message === undefined) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
