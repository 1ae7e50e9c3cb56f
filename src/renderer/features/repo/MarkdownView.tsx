import { memo, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { cardImageUrl, isExternalLink, type CardContext } from './markdown-urls.js';

export interface MarkdownViewProps {
  readonly markdown: string;
  readonly context: CardContext;
}

/**
 * Markdown with GitHub extensions (tables, task lists, strikethrough). Raw HTML in the card is
 * skipped, never rendered; react-markdown's URL filter drops javascript: and similar links.
 */
export const MarkdownView = memo(function MarkdownView({ markdown, context }: MarkdownViewProps): ReactNode {
  const components: Components = {
    a: ({ href, children }) =>
      href !== undefined && isExternalLink(href) ? (
        <a href={href} target="_blank" rel="noreferrer noopener">
          {children}
        </a>
      ) : (
        <a href={href?.startsWith('#') === true ? undefined : href}>{children}</a>
      ),
    img: ({ src, alt }) => {
      const url = typeof src === 'string' ? cardImageUrl(src, context) : undefined;
      return url === undefined ? <span className="image-placeholder">[image: {alt ?? 'no description'}]</span> : <img src={url} alt={alt ?? ''} loading="lazy" />;
    },
    // GitHub task lists: read-only checkboxes that say what they mean.
    input: ({ checked, type }) =>
      type === 'checkbox' ? <input type="checkbox" checked={checked === true} disabled aria-label={checked === true ? 'Done' : 'Not done'} /> : null,
    h1: ({ children }) => <h2>{children}</h2>,
    h2: ({ children }) => <h3>{children}</h3>,
    h3: ({ children }) => <h4>{children}</h4>,
    table: ({ children }) => (
      <div className="markdown-table">
        <table>{children}</table>
      </div>
    ),
  };
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {markdown}
      </Markdown>
    </div>
  );
});
