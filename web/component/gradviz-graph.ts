import { deflateToBase64url } from '../src/encode.js';
import { programText } from './program-text.js';
import { svgElement } from './svg-nodes.js';

/**
 * <gradviz-graph>: the expression graph of the program in its text content, drawn by a gradviz
 * service and shown inline.
 *
 *   <script type="module" src="https://gradviz.example/gradviz-graph.js"></script>
 *   <gradviz-graph>
 *     a = Value(2.0, label='a')
 *     b = a * a; b.label = 'b'
 *     b.backward()
 *   </gradviz-graph>
 *
 * Attributes: `service` (default: the origin that served this script), `theme` (light, dark or
 * transparent; default: the page's prefers-color-scheme, followed as it changes), `rankdir`,
 * `precision` and `grad` as the API takes them. A program with an error shows the service's picture
 * of the error. The host's `data-state` says loading, ready or error (with `data-status`).
 */

// The origin this module was loaded from; the element's default service.
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

const DRAWING_ATTRIBUTES = ['rankdir', 'precision', 'grad'] as const;

/** Half the service's default MAX_URL_LENGTH, and within what common proxies accept. */
const MAX_GET_URL = 4096;

/** The attributes as the JSON body takes them: the query's strings, typed. */
function typedOptions(options: Record<string, string>): Record<string, string | number | boolean> {
  const typed: Record<string, string | number | boolean> = { ...options };
  if (options['precision'] !== undefined) typed['precision'] = Number(options['precision']);
  if (options['grad'] !== undefined) typed['grad'] = options['grad'] !== 'false';
  return typed;
}

const STYLE = `
:host { display: block; overflow-x: auto; }
svg { max-width: 100%; height: auto; }
.gradviz-message { font: 0.9em monospace; color: #cf222e; }
`;

export class GradvizGraph extends HTMLElement {
  static readonly observedAttributes = ['service', 'theme', ...DRAWING_ATTRIBUTES];

  readonly #root: ShadowRoot;
  readonly #dark = matchMedia('(prefers-color-scheme: dark)');
  readonly #content = new MutationObserver(() => this.#schedule());
  #request: AbortController | undefined;
  #pending = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    // A constructed sheet, not a <style>: a page whose policy forbids inline styles still styles it.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    this.#root.adoptedStyleSheets = [sheet];
  }

  connectedCallback(): void {
    this.#dark.addEventListener('change', this.#onSchemeChange);
    this.#content.observe(this, { childList: true, characterData: true, subtree: true });
    this.#schedule();
  }

  disconnectedCallback(): void {
    this.#dark.removeEventListener('change', this.#onSchemeChange);
    this.#content.disconnect();
    this.#request?.abort();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#schedule();
  }

  /** The service asked, with its drawing options; the theme follows the page unless set. */
  get theme(): string {
    return this.getAttribute('theme') ?? (this.#dark.matches ? 'dark' : 'light');
  }

  readonly #onSchemeChange = (): void => {
    if (!this.hasAttribute('theme')) this.#schedule();
  };

  /** Several changes in one task (the parser adding text, attributes set together) draw once. */
  #schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      void this.#draw();
    });
  }

  async #draw(): Promise<void> {
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    const source = programText(this.textContent ?? '');
    if (source === '') {
      this.#root.replaceChildren();
      delete this.dataset['state'];
      delete this.dataset['status'];
      return;
    }
    this.dataset['state'] = 'loading';
    try {
      const response = await this.#fetch(source, request.signal);
      const markup = await response.text();
      if (request.signal.aborted) return;
      const svg = response.headers.get('content-type')?.startsWith('image/svg+xml') ? svgElement(markup) : undefined;
      if (svg === undefined) throw new Error(`the service answered ${response.status} without a picture`);
      this.#show(svg);
      this.dataset['state'] = response.ok ? 'ready' : 'error';
      this.dataset['status'] = String(response.status);
      this.dispatchEvent(new CustomEvent(response.ok ? 'gradviz-ready' : 'gradviz-error', { detail: { status: response.status } }));
    } catch (error) {
      if (request.signal.aborted) return;
      const message = document.createElement('p');
      message.className = 'gradviz-message';
      message.textContent = `gradviz: ${error instanceof Error ? error.message : String(error)}`;
      this.#show(message);
      this.dataset['state'] = 'error';
      delete this.dataset['status'];
      this.dispatchEvent(new CustomEvent('gradviz-error', { detail: { status: 0 } }));
    }
  }

  /**
   * Asks the service for the picture: a GET of the program deflated into the path, which caches
   * well, or, when that URL would be too long for the service or a proxy, a POST of the program.
   */
  async #fetch(source: string, signal: AbortSignal): Promise<Response> {
    const service = (this.getAttribute('service') ?? SCRIPT_ORIGIN).replace(/\/+$/, '');
    const options: Record<string, string> = { theme: this.theme };
    for (const name of DRAWING_ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value !== null) options[name] = value;
    }
    const headers = { accept: 'image/svg+xml' };
    const url = `${service}/v1/expression/svg/${await deflateToBase64url(source)}?${new URLSearchParams(options).toString()}`;
    if (url.length <= MAX_GET_URL) return fetch(url, { signal, headers });
    const body = JSON.stringify({ source, options: typedOptions(options) });
    return fetch(`${service}/v1/expression.svg`, { method: 'POST', signal, headers: { ...headers, 'content-type': 'application/json' }, body });
  }

  #show(content: Element): void {
    this.#root.replaceChildren(content);
  }
}

if (customElements.get('gradviz-graph') === undefined) customElements.define('gradviz-graph', GradvizGraph);
