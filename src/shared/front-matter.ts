import { parseDocument } from 'yaml';

/** Why a card's metadata block could not be read: its YAML does not parse, or it is not a mapping. */
export type FrontMatterError =
  | { readonly kind: 'invalid-yaml'; readonly messages: readonly string[] }
  | { readonly kind: 'not-a-mapping' };

/** The YAML metadata block at the top of a card (README.md), between two `---` lines. */
export type FrontMatter = {
  /** The text after the block; the whole text when there is no block. */
  readonly body: string;
  readonly warnings: readonly string[];
} & (
  | { readonly ok: true; /** undefined when there is no block; an empty block is `{}` */ readonly data: Record<string, unknown> | undefined }
  | { readonly ok: false; readonly error: FrontMatterError }
);

// As the Hub finds it: leading blank space and a BOM are allowed, the block may be empty.
const BLOCK = /^\uFEFF?\s*---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Reads a card's front matter; YAML problems come back as a typed error, each message one line. */
export function parseFrontMatter(markdown: string): FrontMatter {
  const block = BLOCK.exec(markdown);
  if (block === null) return { ok: true, data: undefined, body: markdown, warnings: [] };
  const body = markdown.slice(block[0].length);
  const document = parseDocument(block[1] ?? '', { prettyErrors: false });
  const warnings = document.warnings.map((warning) => firstLine(warning.message));
  if (document.errors.length > 0) return { ok: false, error: { kind: 'invalid-yaml', messages: document.errors.map((error) => firstLine(error.message)) }, body, warnings };
  let value: unknown;
  try {
    value = document.toJSON();
  } catch (error) {
    // yaml refuses to expand aliases past its limit (a "billion laughs" block) here, not as a parse error.
    return { ok: false, error: { kind: 'invalid-yaml', messages: [firstLine(error instanceof Error ? error.message : String(error))] }, body, warnings };
  }
  if (value === null || value === undefined) return { ok: true, data: {}, body, warnings };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: { kind: 'not-a-mapping' }, body, warnings };
  return { ok: true, data: value as Record<string, unknown>, body, warnings };
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
