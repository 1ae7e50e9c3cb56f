// The few globals src/shared may use: present in browsers and in Node alike, but declared by
// neither lib "ES2023" alone nor without @types/node. Only tsconfig.shared.json includes this file.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
