/** The colours of a picture. Constants only: no user text ever reaches an attribute. */

export type Theme = 'light' | 'dark' | 'transparent';
export type Role = 'parameter' | 'input' | 'target' | 'loss';

export const THEMES: readonly Theme[] = ['light', 'dark', 'transparent'];

export interface Palette {
  background: string;
  /** Text inside nodes and on edges. */
  text: string;
  /** Node outlines and edges. */
  line: string;
  /** Fill of nodes without a role; undefined leaves them unfilled, showing the background. */
  fill: string | undefined;
  cluster: string;
  clusterText: string;
  /** Fills that tell parameters, inputs, targets and the loss apart; each readable under `text`. */
  roles: Record<Role, string>;
}

const LIGHT_ROLES: Record<Role, string> = {
  parameter: '#cfe2f3',
  input: '#d9ead3',
  target: '#fff2cc',
  loss: '#f4cccc',
};

export const PALETTES: Record<Theme, Palette> = {
  light: {
    background: '#ffffff',
    text: '#000000',
    line: '#000000',
    fill: undefined,
    cluster: '#999999',
    clusterText: '#444444',
    roles: LIGHT_ROLES,
  },
  // Light text on a dark page; the role fills are dark tints so that text stays readable on them.
  dark: {
    background: '#1e1e1e',
    text: '#e8e8e8',
    line: '#c8c8c8',
    fill: undefined,
    cluster: '#6a6a6a',
    clusterText: '#bbbbbb',
    roles: {
      parameter: '#1f3a5f',
      input: '#244a2c',
      target: '#4d4213',
      loss: '#5f2424',
    },
  },
  // No background, so the page may be light or dark: nodes get their own white fill to keep black
  // text readable, and lines and cluster titles are a grey that shows on either.
  transparent: {
    background: 'transparent',
    text: '#000000',
    line: '#808080',
    fill: '#ffffff',
    cluster: '#808080',
    clusterText: '#808080',
    roles: LIGHT_ROLES,
  },
};
