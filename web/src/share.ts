// Sharing and embedding: image URLs for <img> (GET endpoints with the source in the path), the
// snippets that use them, the clipboard and downloads.

import { deflateToBase64url } from './encode.js';

export interface ImageSource {
  kind: 'expression' | 'mlp';
  /** The program, or the MLP request as JSON. */
  text: string;
  /** Render options not already in `text`. */
  query: URLSearchParams;
  alt: string;
}

export async function imageUrl(source: ImageSource, format: 'svg' | 'png'): Promise<string> {
  const encoded = await deflateToBase64url(source.text);
  const query = source.query.toString();
  return new URL(`/v1/${source.kind}/${format}/${encoded}${query === '' ? '' : `?${query}`}`, location.href).href;
}

export function markdownSnippet(url: string, alt: string): string {
  return `![${alt.replace(/[[\]\\]/g, '\\$&')}](${url})`;
}

export function htmlSnippet(url: string, alt: string): string {
  return `<img src="${escapeAttribute(url)}" alt="${escapeAttribute(alt)}">`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Copies `text` and also shows it in `output`, so it can be copied by hand where the clipboard is
 * refused (plain http on a non-local host).
 */
export async function copyText(text: string, output: HTMLInputElement): Promise<boolean> {
  output.value = text;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    output.focus();
    output.select();
    return false;
  }
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
