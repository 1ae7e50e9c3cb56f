type Action = (...args: never[]) => void | Promise<void>;

/**
 * A commander action that imports its module only when the command runs, so `hubkeeper download`
 * or `hubkeeper cache ls` never load the server (Fastify, the hub routes, the store).
 */
export function lazyAction<M extends Record<K, Action>, K extends keyof M & string>(load: () => Promise<M>, name: K): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]): Promise<void> => {
    const action = (await load())[name] as unknown as (...args: unknown[]) => void | Promise<void>;
    await action(...args);
  };
}
