// The table of named values (or of an MLP's parameters): name, data, grad, sortable by any column.
// A row of a value that is in the picture is a button that selects it there.

export interface Row {
  name: string;
  data: number | undefined;
  grad: number;
  /** The graph node this row describes, when it is drawn. */
  id?: string;
}

type Key = 'name' | 'data' | 'grad';

export class ValuesTable {
  private rows: Row[] = [];
  private sortKey: Key | undefined;
  private ascending = true;
  private selectListener: (id: string) => void = () => {};
  private readonly body: HTMLTableSectionElement;
  private format: (x: number) => string = String;

  constructor(private readonly table: HTMLTableElement) {
    const body = table.tBodies[0];
    if (body === undefined) throw new Error('the values table has no body');
    this.body = body;
    for (const header of table.querySelectorAll<HTMLTableCellElement>('th[data-key]')) {
      header.querySelector('button')?.addEventListener('click', () => this.sortBy(header.dataset['key'] as Key));
    }
  }

  onSelect(listener: (id: string) => void): void {
    this.selectListener = listener;
  }

  show(rows: Row[], format: (x: number) => string): void {
    this.rows = rows;
    this.format = format;
    this.setStale(false);
    this.render();
  }

  /** Dims numbers that no longer match the input (e.g. while the source has an error). */
  setStale(stale: boolean): void {
    this.table.dataset['stale'] = String(stale);
    this.body.dataset['stale'] = String(stale);
  }

  setNameHeading(text: string): void {
    const button = this.table.querySelector('th[data-key="name"] button');
    if (button !== null) button.textContent = text;
  }

  highlight(id: string | undefined): void {
    for (const row of this.body.rows) row.classList.toggle('highlight', id !== undefined && row.dataset['id'] === id);
  }

  sortBy(key: Key): void {
    this.ascending = this.sortKey === key ? !this.ascending : true;
    this.sortKey = key;
    this.render();
  }

  private render(): void {
    const rows = [...this.rows];
    const key = this.sortKey;
    if (key !== undefined) {
      const sign = this.ascending ? 1 : -1;
      rows.sort((a, b) => sign * compare(a[key], b[key]));
    }
    for (const header of this.table.querySelectorAll<HTMLTableCellElement>('th[data-key]')) {
      const sorted = header.dataset['key'] === key;
      header.setAttribute('aria-sort', sorted ? (this.ascending ? 'ascending' : 'descending') : 'none');
    }
    const fragment = document.createDocumentFragment();
    for (const row of rows) {
      const tr = document.createElement('tr');
      const nameCell = document.createElement('th');
      nameCell.scope = 'row';
      if (row.id !== undefined) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'link';
        button.textContent = row.name;
        button.setAttribute('aria-label', `Show ${row.name} in the graph`);
        const id = row.id;
        button.addEventListener('click', () => this.selectListener(id));
        nameCell.append(button);
        tr.dataset['id'] = row.id;
      } else {
        nameCell.textContent = row.name;
      }
      tr.dataset['name'] = row.name;
      tr.append(nameCell, numberCell(row.data, this.format, 'data'), numberCell(row.grad, this.format, 'grad'));
      fragment.append(tr);
    }
    this.body.replaceChildren(fragment);
  }
}

function numberCell(x: number | undefined, format: (x: number) => string, field: string): HTMLTableCellElement {
  const cell = document.createElement('td');
  cell.className = `number ${field}`;
  cell.textContent = x === undefined ? '—' : format(x);
  return cell;
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
